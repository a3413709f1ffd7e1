// GET /api/assessments/import/template?layout=workbook|ach&format=xlsx|csv — the handler is
// server/export/workbook/sheet-route.ts.
export { templateGet as GET } from "@/server/export/workbook/sheet-route";

export const dynamic = "force-dynamic";
