// Liveness and readiness: 200 when the database answers, 503 otherwise.
import { getConnection, getPgConnection, usesPostgres } from "@/db/connection";
import pkg from "@/package.json";

export function healthGet() {
  try {
    const { sqlite } = getConnection();
    const row = sqlite.prepare("select 1 as ok").get() as { ok: number } | undefined;
    if (row?.ok !== 1) throw new Error("the database did not answer");
    return Response.json({ ok: true, database: "ok", version: pkg.version });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return Response.json({ ok: false, database: reason, version: pkg.version }, { status: 503 });
  }
}

/** The same answer on either store: PostgreSQL's is a `select 1` on the pool (one round trip). */
export async function healthAnswer(): Promise<Response> {
  if (!usesPostgres()) return healthGet();
  try {
    const { rows } = await getPgConnection().pool.query<{ ok: number }>("select 1 as ok");
    if (rows[0]?.ok !== 1) throw new Error("the database did not answer");
    return Response.json({ ok: true, database: "ok", version: pkg.version });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return Response.json({ ok: false, database: reason, version: pkg.version }, { status: 503 });
  }
}
