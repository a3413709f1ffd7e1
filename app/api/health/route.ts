// GET /api/health: 200 { ok, database, version } when the database answers, 503 otherwise.
export { healthAnswer as GET } from "@/server/health";

export const dynamic = "force-dynamic";
