// POST /api/assessments/import/sheet?teamId=…&name=…&step=preview|create|update — the handler is
// server/export/workbook/sheet-route.ts.
export { sheetImportPost as POST } from "@/server/export/workbook/sheet-route";

export const dynamic = "force-dynamic";
