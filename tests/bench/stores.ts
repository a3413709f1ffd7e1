// Store figures (issue 15, "Fast"): the production app on SQLite against the same build on
// PostgreSQL, each seeded with the demo by `npm start` and read by one account created the same way.
// (a) the workspace read (`assessments.get` of the demo) at 20 connections for STORES_SECONDS each;
// (b) a save (`workspace.updateAssessment`, one change through HTTP), SAVES sequential saves, median
// and p95; (c) two instances on one PostgreSQL database against one, the same 20 connections spread
// over both. Every run reports where the CPU went: on a 2-core machine the load generator (this
// process), the instances and PostgreSQL share the same cores. Skipped without PostgreSQL binaries.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { findPgBin, startPgCluster } from "../support/pg-cluster";
import {
  AppClient,
  type AppInstance,
  type CpuReport,
  describeCpu,
  OTHERS,
  postmasterPid,
  startInstance,
  trpcGetUrl,
  withCpuAccounting,
} from "./app-instance";
import { median, percentile } from "./stats";
import type { BenchRow } from "./types";

const FIRST_PORT = Number(process.env.STORES_PORT ?? 3500);
const SECONDS = Number(process.env.STORES_SECONDS ?? 15);
const SAVES = Number(process.env.STORES_SAVES ?? 300);
const CONNECTIONS = 20;
const POOL_SIZE = "20";

interface ReadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  bad: number;
}

/** Autocannon on each URL at once, the connections split evenly; requests/s summed. */
async function readLoad(urls: string[], cookie: string, seconds: number): Promise<ReadResult> {
  const each = Math.floor(CONNECTIONS / urls.length);
  const results = await Promise.all(
    urls.map((url) => autocannon({ url, connections: each, duration: seconds, headers: { cookie } })),
  );
  return {
    requestsPerSecond: results.reduce((s, r) => s + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    bad: results.reduce((s, r) => s + r.errors + r.timeouts + r.non2xx, 0),
  };
}

/** SAVES saves one after another, each on the version the previous one returned; times in ms. */
async function sequentialSaves(client: AppClient, base: string, assessmentId: string, version: number) {
  const times: number[] = [];
  let current = version;
  for (let i = 0; i < SAVES; i++) {
    const started = performance.now();
    const answer = await client.mutate<{ version: number }>(base, "workspace.updateAssessment", {
      assessmentId,
      version: current,
      handling: `BENCH ${i % 2}`,
    });
    times.push(performance.now() - started);
    current = answer.version;
  }
  return times;
}

function cpuRows(label: string, cpu: CpuReport): BenchRow[] {
  const rows: BenchRow[] = [
    { stage: "stores", name: `${label}: load average (1 min) at the end`, value: cpu.loadEnd, unit: "" },
    { stage: "stores", name: `${label}: highest load average (1 min)`, value: cpu.loadMax, unit: "" },
    { stage: "stores", name: `${label}: machine CPU busy`, value: cpu.machineBusy * 100, unit: "%" },
  ];
  for (const [group, cores] of Object.entries(cpu.cores)) {
    rows.push({ stage: "stores", name: `${label}: CPU used by ${group}`, value: cores, unit: "cores" });
  }
  return rows;
}

export async function storesBench(): Promise<BenchRow[]> {
  if (!findPgBin()) {
    console.log("bench: stores skipped: no PostgreSQL server binaries (install Debian's postgresql)");
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-stores-"));
  const cluster = await startPgCluster({ database: "bench" });
  const pgPid = postmasterPid(path.join(cluster.dir, "data"));
  const instances: AppInstance[] = [];
  // One secret for every instance, so a session made on one is honoured by the other.
  const common = { AUTH_SECRET: "bench-stores-secret-0123456789abcdef0123456789", DATABASE_POOL_SIZE: POOL_SIZE };
  const start = async (port: number, store: Record<string, string>, build = false) => {
    const instance = await startInstance({ port, env: { ...common, ...store }, build });
    instances.push(instance);
    return instance;
  };
  const log = (line: string) => console.log(`bench: stores: ${line}`);
  try {
    // Every instance serves the build in .next as it is (`--no-build`); without one, the SQLite
    // instance (the first) builds it, and the PostgreSQL ones then serve the same build.
    const built = fs.existsSync(path.join(".next", "BUILD_ID"));
    const lite = await start(FIRST_PORT, { DATABASE_PATH: path.join(dir, "signpost.db") }, !built);
    const pgA = await start(FIRST_PORT + 1, {
      DATABASE_PATH: path.join(dir, "unused-a.db"),
      DATABASE_URL: cluster.url,
    });
    const liteClient = await AppClient.signUp(lite.base);
    const pgClient = await AppClient.signUp(pgA.base);
    const liteDemo = await liteClient.firstAssessment(lite.base);
    const pgDemo = await pgClient.firstAssessment(pgA.base);
    const readUrl = (base: string, id: string) => trpcGetUrl(base, "assessments.get", { assessmentId: id });
    const pids = (list: AppInstance[]) => list.map((i) => i.process.pid as number);
    const pgGroup: Record<string, number[]> = pgPid ? { PostgreSQL: [pgPid] } : {};

    // Warm both (route compilation, the state cache, JIT), then measure one after the other.
    await readLoad([readUrl(lite.base, liteDemo.id)], liteClient.cookie, 3);
    await readLoad([readUrl(pgA.base, pgDemo.id)], pgClient.cookie, 3);
    const liteRead = await withCpuAccounting({ "the SQLite instance": pids([lite]) }, () =>
      readLoad([readUrl(lite.base, liteDemo.id)], liteClient.cookie, SECONDS),
    );
    log(`read on SQLite: ${liteRead.result.requestsPerSecond.toFixed(0)} req/s; ${describeCpu(liteRead.cpu)}`);
    const pgRead = await withCpuAccounting({ "the instance": pids([pgA]), ...pgGroup }, () =>
      readLoad([readUrl(pgA.base, pgDemo.id)], pgClient.cookie, SECONDS),
    );
    log(`read on PostgreSQL: ${pgRead.result.requestsPerSecond.toFixed(0)} req/s; ${describeCpu(pgRead.cpu)}`);

    const liteSaves = await withCpuAccounting({ "the SQLite instance": pids([lite]) }, () =>
      sequentialSaves(liteClient, lite.base, liteDemo.id, liteDemo.version),
    );
    log(`saves on SQLite: median ${median(liteSaves.result).toFixed(1)} ms; ${describeCpu(liteSaves.cpu)}`);
    const pgSaves = await withCpuAccounting({ "the instance": pids([pgA]), ...pgGroup }, () =>
      sequentialSaves(pgClient, pgA.base, pgDemo.id, pgDemo.version),
    );
    log(`saves on PostgreSQL: median ${median(pgSaves.result).toFixed(1)} ms; ${describeCpu(pgSaves.cpu)}`);

    // Two instances: stop SQLite's (it would only take CPU), start a second on the same database.
    await lite.stop();
    const pgB = await start(FIRST_PORT + 2, {
      DATABASE_PATH: path.join(dir, "unused-b.db"),
      DATABASE_URL: cluster.url,
    });
    const bothUrls = [readUrl(pgA.base, pgDemo.id), readUrl(pgB.base, pgDemo.id)];
    await readLoad(bothUrls, pgClient.cookie, 3);
    const oneAgain = await withCpuAccounting({ "the instance": pids([pgA]), ...pgGroup }, () =>
      readLoad([readUrl(pgA.base, pgDemo.id)], pgClient.cookie, SECONDS),
    );
    log(
      `read, one PostgreSQL instance: ${oneAgain.result.requestsPerSecond.toFixed(0)} req/s; ${describeCpu(oneAgain.cpu)}`,
    );
    const two = await withCpuAccounting({ "the two instances": pids([pgA, pgB]), ...pgGroup }, () =>
      readLoad(bothUrls, pgClient.cookie, SECONDS),
    );
    log(`read, two PostgreSQL instances: ${two.result.requestsPerSecond.toFixed(0)} req/s; ${describeCpu(two.cpu)}`);

    const rows: BenchRow[] = [];
    // On a shared machine the requests per CPU-second the app and PostgreSQL used compare the stores
    // better than requests per second, which follow what other work left free.
    const serving = (cpu: CpuReport) =>
      Object.entries(cpu.cores)
        .filter(([group]) => group !== "load generator" && group !== OTHERS)
        .reduce((sum, [, cores]) => sum + cores, 0);
    const perCore = (label: string, r: ReadResult, cpu: CpuReport): BenchRow => ({
      stage: "stores",
      name: `${label}: requests per CPU-second of the app (and PostgreSQL)`,
      value: r.requestsPerSecond / serving(cpu),
      unit: "req/CPU-s",
    });
    const readRows = (label: string, r: ReadResult): BenchRow[] => [
      { stage: "stores", name: `${label}: requests/s`, value: r.requestsPerSecond, unit: "req/s" },
      { stage: "stores", name: `${label}: p50 latency`, value: r.p50, unit: "ms" },
      { stage: "stores", name: `${label}: p99 latency`, value: r.p99, unit: "ms" },
      {
        stage: "stores",
        name: `${label}: errors + non-2xx`,
        value: r.bad,
        unit: "responses",
        target: "0",
        met: r.bad === 0,
      },
    ];
    const readRatio = pgRead.result.requestsPerSecond / liteRead.result.requestsPerSecond;
    rows.push(
      ...readRows("workspace read (demo), SQLite, 20 connections", liteRead.result),
      ...cpuRows("  while reading on SQLite", liteRead.cpu),
      perCore("workspace read (demo), SQLite", liteRead.result, liteRead.cpu),
      ...readRows("workspace read (demo), PostgreSQL, 20 connections", pgRead.result),
      ...cpuRows("  while reading on PostgreSQL", pgRead.cpu),
      perCore("workspace read (demo), PostgreSQL", pgRead.result, pgRead.cpu),
      {
        stage: "stores",
        name: "workspace read: PostgreSQL ÷ SQLite (requests/s)",
        value: readRatio,
        unit: "ratio",
        target: ">= 0.5",
        met: readRatio >= 0.5,
      },
    );
    const saveRows = (label: string, times: number[]): BenchRow[] => [
      { stage: "stores", name: `${label}: median`, value: median(times), unit: "ms" },
      { stage: "stores", name: `${label}: p95`, value: percentile(times, 95), unit: "ms" },
    ];
    const saveRatio = median(pgSaves.result) / median(liteSaves.result);
    const p95Ratio = percentile(pgSaves.result, 95) / percentile(liteSaves.result, 95);
    rows.push(
      ...saveRows(`save (workspace.updateAssessment), SQLite, ${SAVES} in sequence`, liteSaves.result),
      ...cpuRows("  while saving on SQLite", liteSaves.cpu),
      ...saveRows(`save (workspace.updateAssessment), PostgreSQL, ${SAVES} in sequence`, pgSaves.result),
      ...cpuRows("  while saving on PostgreSQL", pgSaves.cpu),
      {
        stage: "stores",
        name: "save: PostgreSQL ÷ SQLite (median)",
        value: saveRatio,
        unit: "ratio",
        target: "<= 2",
        met: saveRatio <= 2,
      },
      { stage: "stores", name: "save: PostgreSQL ÷ SQLite (p95)", value: p95Ratio, unit: "ratio" },
    );
    rows.push(
      ...readRows("workspace read (demo), PostgreSQL, one instance (again)", oneAgain.result),
      ...cpuRows("  while reading on one instance", oneAgain.cpu),
      perCore("workspace read (demo), PostgreSQL, one instance", oneAgain.result, oneAgain.cpu),
      ...readRows("workspace read (demo), PostgreSQL, two instances, 10 + 10 connections", two.result),
      ...cpuRows("  while reading on two instances", two.cpu),
      perCore("workspace read (demo), PostgreSQL, two instances", two.result, two.cpu),
      {
        stage: "stores",
        name: "workspace read: two instances ÷ one (requests/s; 2 cores shared with the load generator)",
        value: two.result.requestsPerSecond / oneAgain.result.requestsPerSecond,
        unit: "ratio",
      },
    );
    return rows;
  } finally {
    for (const instance of instances) await instance.stop();
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void storesBench().then((rows) => console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(2)) }))));
}
