// PostgreSQL figures (issue 15), on a throwaway cluster (tests/support/pg-cluster.ts): how fast
// db:copy moves an installation (a large assessment plus a 20,000-event history), and, for
// information until the domain layer runs on PostgreSQL, how long fetching a large assessment's
// projection rows takes there against loading it from SQLite, alone and 20 at once. Skipped when
// the server binaries are missing.

import { openPgPool } from "@/db/connection-pg";
import { loadAssessmentState } from "@/server/assessments/store";
import { copySqliteToPostgres } from "@/server/cli/db-copy";
import { projectionRows } from "@/server/cli/db-copy-verify";
import { findPgBin, startPgCluster } from "../support/pg-cluster";
import { benchWorld, createLargeAssessment } from "./fixtures";
import { growHistory } from "./history";
import { median } from "./stats";
import type { BenchRow } from "./types";

const HISTORY_EVENTS = 20_000;
const CONCURRENT = 20;

export async function pgBench(): Promise<BenchRow[]> {
  if (!findPgBin()) {
    console.log("bench: pg skipped: no PostgreSQL server binaries (install Debian's postgresql)");
    return [];
  }
  const world = benchWorld();
  const cluster = await startPgCluster({ database: "bench" });
  try {
    const large = await createLargeAssessment(world);
    const history = await createLargeAssessment(world, { scenarios: 3, indicators: 10, evidence: 12 });
    await growHistory(world, history, HISTORY_EVENTS - 1);
    world.conn.sqlite.pragma("wal_checkpoint(TRUNCATE)");

    const copyStarted = performance.now();
    const report = await copySqliteToPostgres({ from: world.conn.file, to: cluster.url });
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);

    const lite: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await loadAssessmentState(world.conn.db, large);
      lite.push(performance.now() - started);
    }
    const target = openPgPool(cluster.url, { max: CONCURRENT });
    const pg: number[] = [];
    const rounds: number[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await projectionRows(target.db, large);
        pg.push(performance.now() - started);
      }
      for (let r = 0; r < 3; r++) {
        const started = performance.now();
        await Promise.all(Array.from({ length: CONCURRENT }, () => projectionRows(target.db, large)));
        rounds.push((CONCURRENT * 1000) / (performance.now() - started));
      }
    } finally {
      await target.close();
    }
    const liteMs = median(lite);
    return [
      {
        stage: "pg",
        name: `db:copy, ${rows.toLocaleString("en")} rows (${HISTORY_EVENTS.toLocaleString("en")}-event history + 12×300×3,000 assessment), verified`,
        value: copySeconds,
        unit: "s",
      },
      {
        stage: "pg",
        name: "db:copy throughput, copy and verification together",
        value: rows / copySeconds,
        unit: "rows/s",
      },
      {
        stage: "pg",
        name: "large assessment: load from SQLite (loadAssessmentState), median",
        value: liteMs,
        unit: "ms",
      },
      {
        stage: "pg",
        name: "large assessment: fetch its projection rows from PostgreSQL, median",
        value: median(pg),
        unit: "ms",
      },
      {
        stage: "pg",
        name: `large assessment: SQLite loads per second, one after another`,
        value: 1000 / liteMs,
        unit: "reads/s",
      },
      {
        stage: "pg",
        name: `large assessment: PostgreSQL fetches per second, ${CONCURRENT} at once`,
        value: median(rounds),
        unit: "reads/s",
      },
    ];
  } finally {
    cluster.stop();
    world.cleanup();
  }
}
