// Liveness and readiness: 200 when the database answers, 503 otherwise.
import { getConnection } from "@/db/connection";
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
