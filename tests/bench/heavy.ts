// Heavy work beside light requests (issue 11, finding 5): the production server imports the
// heaviest document it accepts while 8 clients read as-of views of mid-history moments of another
// such assessment, and /api/health is asked every 10 ms. Target: health answers within 100 ms
// (p99), because no replay, view or import may hold the event loop.
//
// `npx tsx tests/bench/heavy.ts` runs it alone; heavyBench() is the stage for tests/bench/run.ts.
// BENCH_HEAVY_PORT (3297), BENCH_IMPORT_BYTES, BENCH_IMPORT_EVENTS, BENCH_IMPORT_INDICATORS and
// BENCH_IMPORT_SCENARIOS change the set-up.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import superjson from "superjson";
import { IMPORT_CAPS, IMPORT_LIMIT_BYTES } from "@/server/export/json/format";
import { MAX_BATCH_SIZE } from "@/shared/transformer";
import { heavyImportDocument } from "./fixtures";
import { median, percentile } from "./stats";
import type { BenchRow } from "./types";

const PORT = Number(process.env.BENCH_HEAVY_PORT ?? 3297);
const BASE = `http://127.0.0.1:${PORT}`;
const STAGE = "heavy";
const READERS = 8;
const HEALTH_EVERY_MS = 10;
/** Each reader completes at least this many as-of views, the import notwithstanding. */
const READS_EACH = 3;
const START_TIMEOUT_MS = 300_000;
const TARGET_MS = 100;

/** Next's proxy buffers at most this many bytes of a request body unless next.config.js says otherwise. */
async function proxyBodyLimit(): Promise<number> {
  const config: { default?: { experimental?: { proxyClientMaxBodySize?: number | string } } } = await import(
    pathToFileURL(path.resolve("next.config.js")).href
  );
  const configured = config.default?.experimental?.proxyClientMaxBodySize;
  if (typeof configured === "number") return configured;
  const mb = typeof configured === "string" ? /^(\d+)\s*mb$/i.exec(configured.trim()) : null;
  return mb ? Number(mb[1]) * 1024 * 1024 : 10 * 1024 * 1024;
}

/** The heaviest document the server accepts: the import limit, or less where Next's proxy cuts first. */
async function documentBudget(): Promise<number> {
  return Number(process.env.BENCH_IMPORT_BYTES ?? Math.min(IMPORT_LIMIT_BYTES, await proxyBodyLimit()) - 64 * 1024);
}

// The health checks come from a process of their own: in this one, reading the readers' megabytes
// of answers would delay the checks' own timers and count as the server's latency.
const POLLER = `
const latencies = [], failures = [], pending = new Set();
const timer = setInterval(() => {
  const sent = performance.now();
  const probe = fetch(process.argv[1] + "/api/health")
    .then(async (res) => {
      await res.arrayBuffer();
      // A check that never got its answer counts as infinitely late.
      latencies.push(res.ok ? performance.now() - sent : null);
      if (!res.ok) failures.push("status " + res.status);
    })
    .catch((error) => {
      latencies.push(null);
      failures.push(String(error.cause ?? error));
    })
    .finally(() => pending.delete(probe));
  pending.add(probe);
}, Number(process.argv[2]));
process.stdout.write("R");
process.stdin.once("data", async () => {
  clearInterval(timer);
  await Promise.all(pending);
  process.stdout.write(JSON.stringify({ latencies, failures }));
});
`;

/** Asks /api/health every HEALTH_EVERY_MS, open loop, until stopped; then the latencies (ms). */
async function startHealthPoller(): Promise<{ stop: () => Promise<{ latencies: number[]; failures: string[] }> }> {
  const child = spawn(process.execPath, ["-e", POLLER, BASE, String(HEALTH_EVERY_MS)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      resolve();
    });
  });
  await ready;
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end("stop\n");
      await exited;
      const result = JSON.parse(out.slice(1)) as { latencies: (number | null)[]; failures: string[] };
      return {
        latencies: result.latencies.map((ms) => ms ?? Number.POSITIVE_INFINITY),
        failures: result.failures,
      };
    },
  };
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function startServer(databasePath: string): Promise<{ child: ChildProcess; log: string[] }> {
  if (await healthy()) throw new Error(`port ${PORT} already answers /api/health: stop it or set BENCH_HEAVY_PORT`);
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_PATH: databasePath,
      SIGNPOST_RATE_LIMIT: "off",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join("")}`);
    if (await healthy()) return { child, log };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /api/health within ${START_TIMEOUT_MS / 1000} s:\n${log.join("")}`);
}

export async function heavyBench(): Promise<BenchRow[]> {
  const budget = await documentBudget();
  const built = heavyImportDocument({
    scenarios: Number(process.env.BENCH_IMPORT_SCENARIOS ?? 12),
    // The largest the import accepts (docs/export-format.md): its caps, within the byte budget.
    indicators: Number(process.env.BENCH_IMPORT_INDICATORS ?? IMPORT_CAPS.indicators),
    events: Number(process.env.BENCH_IMPORT_EVENTS ?? IMPORT_CAPS.events),
    maxBytes: budget,
  });
  const body = Buffer.from(JSON.stringify(built.document));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-heavy-"));
  const server = await startServer(path.join(dir, "signpost.db"));
  try {
    const signUp = await fetch(`${BASE}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email: "heavy@example.org", password: "heavy-bench-password", name: "Heavy Bench" }),
    });
    if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = (signUp.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    const query = (procedure: string, input: unknown) =>
      `${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    const mine = (await (await fetch(query("teams.mine", undefined), { headers: { cookie } })).json()) as {
      result: { data: { json: { active: { id: string } } } };
    };
    const teamId = mine.result.data.json.active.id;
    const importDocument = async () => {
      const started = performance.now();
      const res = await fetch(`${BASE}/api/assessments/import?teamId=${teamId}`, {
        method: "POST",
        headers: { cookie, origin: BASE, "content-type": "application/json" },
        body,
      });
      const answer = (await res.json()) as { id?: string; error?: { message: string } };
      return { status: res.status, id: answer.id, error: answer.error?.message, ms: performance.now() - started };
    };

    // Set-up: the assessment whose history the readers read, imported while nothing is measured.
    const first = await importDocument();
    if (first.status !== 201 || !first.id) {
      throw new Error(`the import refused the ${(body.length / 1e6).toFixed(1)} MB document: ${first.error}`);
    }
    const assessmentId = first.id;
    // Warm up: the first as-of view compiles and opens what later ones reuse.
    await fetch(query("history.asOf", { assessmentId, moment: { seq: 2 } }), { headers: { cookie } });

    // Measured: health every 10 ms, open loop (a stalled server piles up late answers rather than
    // fewer questions), while a second copy is imported and 8 readers read mid-history moments.
    const poller = await startHealthPoller();
    const views: number[] = [];
    let viewErrors = 0;
    let importDone = false;
    const reader = async (k: number) => {
      for (let n = 0; n < READS_EACH || !importDone; n++) {
        // Mid-history moments, different for each reader and read.
        const seq = Math.floor(built.events * (0.25 + (((k * 7 + n * 3) % 16) / 16) * 0.5));
        const started = performance.now();
        const res = await fetch(query("history.asOf", { assessmentId, moment: { seq } }), { headers: { cookie } });
        await res.arrayBuffer();
        if (res.ok) views.push(performance.now() - started);
        else viewErrors++;
      }
    };
    const started = performance.now();
    const importing = importDocument().finally(() => {
      importDone = true;
    });
    await Promise.all([importing, ...Array.from({ length: READERS }, (_, k) => reader(k))]);
    const window = performance.now() - started;
    const { latencies: health, failures: healthFailures } = await poller.stop();
    const second = await importing;

    // The finding's other request: one GET batching as many as-of views as a batch may hold.
    const batchPoller = await startHealthPoller();
    const moments = Array.from({ length: MAX_BATCH_SIZE }, (_, k) => ({
      assessmentId,
      moment: { seq: Math.floor(built.events * (0.3 + k * 0.04)) },
    }));
    const batchStarted = performance.now();
    const batch = await fetch(
      `${BASE}/api/trpc/${moments.map(() => "history.asOf").join(",")}?batch=1&input=${encodeURIComponent(
        JSON.stringify(Object.fromEntries(moments.map((m, k) => [k, superjson.serialize(m)]))),
      )}`,
      { headers: { cookie } },
    );
    const batchBytes = (await batch.arrayBuffer()).byteLength;
    const batchMs = performance.now() - batchStarted;
    const batchHealth = (await batchPoller.stop()).latencies;

    const p99 = percentile(health, 99);
    return [
      {
        stage: STAGE,
        name: `heavy import document (${built.events.toLocaleString("en")} events; budget ${(budget / 1024 / 1024).toFixed(1)} MiB)`,
        value: body.length / 1024 / 1024,
        unit: "MiB",
      },
      {
        stage: STAGE,
        name: "heavy import under as-of load: answer",
        value: second.status,
        unit: "status",
        target: "201",
        met: second.status === 201,
      },
      { stage: STAGE, name: "heavy import under as-of load: time", value: second.ms / 1000, unit: "s" },
      { stage: STAGE, name: "heavy import alone (set-up): time", value: first.ms / 1000, unit: "s" },
      {
        stage: STAGE,
        name: `as-of view of a mid-history moment under load, median (${views.length} views)`,
        value: median(views),
        unit: "ms",
      },
      {
        stage: STAGE,
        name: "as-of views refused or failed",
        value: viewErrors,
        unit: "responses",
        target: "0",
        met: viewErrors === 0,
      },
      {
        stage: STAGE,
        name: `health checks during the load (${(window / 1000).toFixed(1)} s)`,
        value: health.length,
        unit: "requests",
      },
      { stage: STAGE, name: "health p50 under heavy import + as-of load", value: percentile(health, 50), unit: "ms" },
      {
        stage: STAGE,
        name: "health p99 under heavy import + as-of load",
        value: p99,
        unit: "ms",
        target: `<= ${TARGET_MS} ms`,
        met: p99 <= TARGET_MS,
      },
      {
        stage: STAGE,
        name: `one GET batch of ${MAX_BATCH_SIZE} as-of views (${batch.status}, ${(batchBytes / 1e6).toFixed(1)} MB): time`,
        value: batchMs,
        unit: "ms",
      },
      { stage: STAGE, name: "health max during that batch", value: Math.max(...batchHealth), unit: "ms" },
      {
        stage: STAGE,
        name: "health max under heavy import + as-of load (answered checks)",
        value: Math.max(...health.filter(Number.isFinite)),
        unit: "ms",
      },
      {
        stage: STAGE,
        name: `health checks unanswered${healthFailures[0] ? ` (first: ${healthFailures[0].slice(0, 80)})` : ""}`,
        value: healthFailures.length,
        unit: "requests",
      },
    ];
  } finally {
    if (server.child.pid) {
      try {
        process.kill(-server.child.pid, "SIGTERM");
      } catch {}
    }
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  void heavyBench().then((rows) => console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(2)) }))));
}
