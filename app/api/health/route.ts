// GET /api/health: 200 { ok, database, store, version } when the database answers, 503 otherwise.
export { healthGet as GET } from "@/server/health";

export const dynamic = "force-dynamic";
