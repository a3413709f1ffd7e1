// POST /api/assessments/import?teamId=… — the handler is server/export/import-route.ts.
export { importPost as POST } from "@/server/export/import-route";

export const dynamic = "force-dynamic";
