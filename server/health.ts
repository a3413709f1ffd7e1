// Liveness and readiness: 200 when the database answers, 503 otherwise. The answer names the store
// (sqlite or pg), never its address.
import { sql } from "drizzle-orm";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import { dialectOf } from "@/db/store";
import pkg from "@/package.json";

/** How long a health check waits for the database before it answers 503. */
const HEALTH_TIMEOUT_MS = 5_000;

async function databaseAnswers(): Promise<"sqlite" | "pg"> {
  const db = getDb();
  const probe = db.select({ ok: sql<number>`1` }).from(sql`(select 1) as probe`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the database did not answer within ${HEALTH_TIMEOUT_MS / 1000} s`)),
      HEALTH_TIMEOUT_MS,
    );
  });
  try {
    const row = first(await Promise.race([probe, timeout]));
    if (Number(row?.ok) !== 1) throw new Error("the database did not answer");
    return dialectOf(db);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthGet(): Promise<Response> {
  try {
    const store = await databaseAnswers();
    return Response.json({ ok: true, database: "ok", store, version: pkg.version });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return Response.json({ ok: false, database: reason, version: pkg.version }, { status: 503 });
  }
}
