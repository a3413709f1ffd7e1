// GET /api/assessments/{id}/export?format=pdf|docx|md|json|csv — the handler is server/export/export-route.ts.
export { exportGet as GET } from "@/server/export/export-route";

export const dynamic = "force-dynamic";
