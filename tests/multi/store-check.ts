// Reads an installation's store directly, beside the running instances, for the runners' checks: an
// assessment's events in seq order, its current state as the app's own loader assembles it
// (loadAssessmentState, on SQLite or PostgreSQL), and the first place the replay of its events
// differs from that state.
//
// db/tables.ts picks the dialect's tables from DATABASE_URL when it is first imported, so the
// modules that use it are imported here only after the caller has set (PostgreSQL) or unset (SQLite)
// DATABASE_URL for this process.
import type { Db } from "@/db/connection";
import type * as schema from "@/db/schema";
import type { AssessmentState } from "@/shared/assessment/state";

export type EventRow = typeof schema.events.$inferSelect;

export type StoreLocation = { kind: "pg"; url: string } | { kind: "sqlite"; file: string };

export interface StoreReader {
  /** Every assessment's id. */
  assessmentIds(): Promise<string[]>;
  events(assessmentId: string): Promise<EventRow[]>;
  state(assessmentId: string): Promise<AssessmentState | undefined>;
  /** Null when the replay of the events equals the current state, else where they first differ. */
  replayDifference(assessmentId: string): Promise<string | null>;
  /** SQLite's integrity_check ("ok"), or null on PostgreSQL. */
  integrity(): string | null;
  close(): Promise<void>;
}

/** Evidence in (recordedAt, id) order, as the tables are read: the reducer keeps insertion order. */
function comparable(state: AssessmentState): AssessmentState {
  const evidence = [...state.evidence].sort((a, b) =>
    a.recordedAt !== b.recordedAt ? a.recordedAt - b.recordedAt : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return { ...state, evidence };
}

export async function openStoreReader(where: StoreLocation): Promise<StoreReader> {
  const wanted = where.kind === "pg" ? where.url : undefined;
  if ((process.env.DATABASE_URL || undefined) !== wanted) {
    throw new Error(
      `openStoreReader(${where.kind}): set DATABASE_URL ${wanted ? "to the database" : "to nothing"} before opening`,
    );
  }
  const t = await import("@/db/tables");
  const pgTables = await import("@/db/schema-pg");
  if ((t.events === (pgTables.events as unknown)) !== (where.kind === "pg")) {
    throw new Error(`openStoreReader(${where.kind}): db/tables.ts was first imported with another DATABASE_URL`);
  }
  const { eq, asc } = await import("drizzle-orm");
  const { loadAssessmentState } = await import("@/server/assessments/store");
  const { replayEvents } = await import("@/server/assessments/replay");
  const { firstDifference } = await import("@/server/cli/db-copy-verify");
  const { emptyState } = await import("@/shared/assessment/changes");

  let db: Db;
  let close: () => Promise<void>;
  let integrity: () => string | null = () => null;
  if (where.kind === "pg") {
    const { openPgPool } = await import("@/db/connection-pg");
    const pool = openPgPool(where.url, { max: 4 });
    db = pool.db as unknown as Db;
    close = () => pool.close();
  } else {
    const { default: Database } = await import("better-sqlite3");
    const { drizzle } = await import("drizzle-orm/better-sqlite3");
    const sqliteSchema = await import("@/db/schema");
    const sqlite = new Database(where.file, { readonly: true, fileMustExist: true });
    db = drizzle(sqlite, { schema: sqliteSchema });
    close = async () => {
      sqlite.close();
    };
    integrity = () => String(sqlite.pragma("integrity_check", { simple: true }));
  }

  const events = (assessmentId: string) =>
    db.select().from(t.events).where(eq(t.events.assessmentId, assessmentId)).orderBy(asc(t.events.seq));
  const state = (assessmentId: string) => loadAssessmentState(db, assessmentId);
  return {
    assessmentIds: async () => (await db.select({ id: t.assessments.id }).from(t.assessments)).map((r) => r.id),
    events,
    state,
    async replayDifference(assessmentId) {
      const log = await events(assessmentId);
      const held = await state(assessmentId);
      if (!held) return `no assessment ${assessmentId} in the tables`;
      const replayed = replayEvents(emptyState(), log);
      return firstDifference(comparable(replayed), comparable(held));
    },
    integrity: () => integrity(),
    close,
  };
}
