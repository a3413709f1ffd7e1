// db:copy's last check, inside its transaction: every assessment's replay of its copied events (the
// pure reducer, through server/assessments/replay.ts) equals its copied current state.
//
// Until the domain layer runs on PostgreSQL (docs/postgres.md), the current state is assembled by the
// one loader there is, loadAssessmentState: the assessment's projection rows are read from
// PostgreSQL and handed to it through a scratch in-memory SQLite database, so no second loader
// exists to drift from the first. When the loader becomes asynchronous over either store, call it
// on the transaction directly and drop the scratch database.
import { isDeepStrictEqual } from "node:util";
import { and, asc, eq, getTableColumns, gt } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { openDatabase } from "@/db/connection";
import type { PgDb, PgTx } from "@/db/connection-pg";
import * as lite from "@/db/schema";
import * as pg from "@/db/schema-pg";
import { replayEvents } from "@/server/assessments/replay";
import { loadAssessmentState } from "@/server/assessments/store";
import { emptyState } from "@/shared/assessment/changes";
import type { AssessmentState } from "@/shared/assessment/state";

/** A refusal or a failed check of db:copy: the message says what was found and what to do. */
export class DbCopyError extends Error {
  override name = "DbCopyError";
}

const EVENT_PAGE = 1_000;
const INSERT_CHUNK = 1_000;

/** A copy with evidence in (recordedAt, id) order, the order the tables are read in; the reducer
 * keeps the order items were added, which differs when two arrive within one millisecond. */
function comparable(state: AssessmentState): AssessmentState {
  const evidence = [...state.evidence].sort((a, b) =>
    a.recordedAt !== b.recordedAt ? a.recordedAt - b.recordedAt : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return { ...state, evidence };
}

/** The first place two values differ, as a path and both values: what a failed check reports. */
export function firstDifference(a: unknown, b: unknown, at = "state"): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        Array.isArray(a) ? `${at}[${key}]` : `${at}.${key}`,
      );
      if (found) return found;
    }
  }
  return `${at}: replay gives ${JSON.stringify(a)?.slice(0, 120)}, the tables hold ${JSON.stringify(b)?.slice(0, 120)}`;
}

/** Replays one assessment's events from PostgreSQL, page by page, from the empty state. */
async function replayFromEvents(tx: PgTx, assessmentId: string): Promise<{ state: AssessmentState; events: number }> {
  let state = emptyState();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await tx
      .select({ seq: pg.events.seq, at: pg.events.at, payload: pg.events.payload })
      .from(pg.events)
      .where(and(eq(pg.events.assessmentId, assessmentId), gt(pg.events.seq, after)))
      .orderBy(asc(pg.events.seq))
      .limit(EVENT_PAGE);
    if (page.length === 0) return { state, events };
    state = replayEvents(state, page);
    events += page.length;
    after = page[page.length - 1]?.seq ?? after;
  }
}

/** The assessment's projection rows as PostgreSQL holds them, table by table. */
export async function projectionRows(
  tx: PgDb | PgTx,
  assessmentId: string,
): Promise<[SQLiteTable, Record<string, unknown>[]][]> {
  const ofAssessment = <T extends PgTable & { assessmentId: unknown }>(table: T) =>
    tx
      .select()
      .from(table as PgTable)
      .where(eq((table as unknown as typeof pg.scenarios).assessmentId, assessmentId));
  return [
    [lite.assessments, await tx.select().from(pg.assessments).where(eq(pg.assessments.id, assessmentId))],
    [lite.scenarios, await ofAssessment(pg.scenarios)],
    [lite.indicators, await ofAssessment(pg.indicators)],
    [
      lite.expectations,
      await tx
        .select(getTableColumns(pg.expectations))
        .from(pg.expectations)
        .innerJoin(pg.indicators, eq(pg.indicators.id, pg.expectations.indicatorId))
        .where(eq(pg.indicators.assessmentId, assessmentId)),
    ],
    [lite.evidence, await ofAssessment(pg.evidence)],
    [
      lite.evidenceLinks,
      await tx
        .select(getTableColumns(pg.evidenceLinks))
        .from(pg.evidenceLinks)
        .innerJoin(pg.evidence, eq(pg.evidence.id, pg.evidenceLinks.evidenceId))
        .where(eq(pg.evidence.assessmentId, assessmentId)),
    ],
  ];
}

/**
 * Checks every assessment in the transaction: the replay of its events equals its current state.
 * Throws naming the assessment and the first difference.
 */
export async function verifyReplays(tx: PgTx): Promise<{ assessments: number; events: number }> {
  const scratch = openDatabase(":memory:");
  // Only one assessment's projection is ever in it; its team and authors are not.
  scratch.sqlite.pragma("foreign_keys = OFF");
  let events = 0;
  try {
    const ids = await tx.select({ id: pg.assessments.id, title: pg.assessments.title }).from(pg.assessments);
    for (const { id, title } of ids) {
      const replay = await replayFromEvents(tx, id);
      events += replay.events;
      const rows = await projectionRows(tx, id);
      scratch.sqlite.exec("BEGIN");
      let held: AssessmentState | undefined;
      try {
        for (const [table, tableRows] of rows) {
          for (let i = 0; i < tableRows.length; i += INSERT_CHUNK) {
            scratch.db
              .insert(table)
              .values(tableRows.slice(i, i + INSERT_CHUNK) as never)
              .run();
          }
        }
        held = await loadAssessmentState(scratch.db, id);
      } finally {
        scratch.sqlite.exec("ROLLBACK");
      }
      const difference = held ? firstDifference(comparable(replay.state), comparable(held)) : "no assessment row";
      if (difference) {
        throw new DbCopyError(
          `Assessment '${title}' (${id}) does not replay to its current state on the target: ${difference}. ` +
            "The source database disagrees with its own history; nothing was copied.",
        );
      }
    }
    return { assessments: ids.length, events };
  } finally {
    scratch.close();
  }
}
