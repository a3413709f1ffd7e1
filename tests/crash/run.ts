// `npm run test:crash`: drives a stream of saves against the production server and kills it with
// SIGKILL at random moments, 20 times (CRASH_KILLS). After each restart: every save the client saw
// acknowledged is present, the event log replays to the current state, no evidence item is
// half-written (each has its event, and the replay agrees with the tables), and on SQLite
// PRAGMA integrity_check is ok.
//
// `--store pg` (`npm run test:crash:pg`) runs the same drive with the app on DATABASE_URL of a
// throwaway PostgreSQL cluster (tests/support/pg-cluster.ts), read back after each kill through the
// app's own loader on PostgreSQL. Without PostgreSQL's binaries it is skipped with a message, except
// under CI=true, where it fails.
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import superjson from "superjson";
import type { EditAnswer } from "@/shared/assessment/answer";
import { clusterOrSkip, PG_MISSING } from "../multi/instances";
import { openStoreReader, type StoreLocation } from "../multi/store-check";
import type { PgCluster } from "../support/pg-cluster";

const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const PORT = Number(process.env.CRASH_PORT ?? 3295);
const BASE = `http://127.0.0.1:${PORT}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-crash-"));
const dbFile = path.join(dir, "signpost.db");
const STORE = process.argv.includes("--store") ? process.argv[process.argv.indexOf("--store") + 1] : "sqlite";
let server: ChildProcess | null = null;
let cookie = "";
let cluster: PgCluster | null = null;
/** Where the app keeps its data: the SQLite file, or the cluster's database (set in main). */
let location: StoreLocation = { kind: "sqlite", file: dbFile };
/** Added to the app's environment: DATABASE_URL and one AUTH_SECRET for every restart on PostgreSQL. */
const storeEnv: Record<string, string> = {};

function log(message: string) {
  console.log(`crash: ${message}`);
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

async function startServer(): Promise<void> {
  server = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
    env: { ...process.env, PORT: String(PORT), DATABASE_PATH: dbFile, SIGNPOST_RATE_LIMIT: "off", ...storeEnv },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${BASE}/api/health`);
      if (res.ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error("the server did not become healthy within 4 minutes");
}

function killServer(): void {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {}
  }
  server = null;
}

async function trpc<T>(procedure: string, input: unknown, method: "query" | "mutation"): Promise<T> {
  const encoded = JSON.stringify(superjson.serialize(input));
  const res =
    method === "query"
      ? await fetch(`${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(encoded)}`, { headers: { cookie } })
      : await fetch(`${BASE}/api/trpc/${procedure}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", origin: BASE },
          body: encoded,
        });
  const body = (await res.json()) as {
    result?: { data: { json: unknown; meta?: unknown } };
    error?: { json: { message: string } };
  };
  if (!res.ok || !body.result) throw new Error(body.error?.json.message ?? `HTTP ${res.status}`);
  return superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as T;
}

interface View {
  state: { id: string; version: number; indicators: { id: string }[]; handling: string };
}

async function verify(assessmentId: string, acknowledged: Map<string, number>): Promise<string[]> {
  const problems: string[] = [];
  const reader = await openStoreReader(location);
  try {
    const integrity = reader.integrity();
    if (integrity !== null && integrity !== "ok") problems.push(`integrity_check: ${integrity}`);
    for (const id of await reader.assessmentIds()) {
      const difference = await reader.replayDifference(id);
      if (difference)
        problems.push(`assessment ${id}: the event log does not replay to its current state: ${difference}`);
    }
    const events = await reader.events(assessmentId);
    const changes = events.map(
      (e) => (e.payload as { change?: { handling?: string; evidence?: { id?: string; title?: string } } }).change,
    );
    const marks = new Set(changes.flatMap((c) => [c?.handling, c?.evidence?.title]));
    for (const [mark] of acknowledged) if (!marks.has(mark)) problems.push(`acknowledged save '${mark}' is missing`);
    // Every evidence row the tables hold came with its event.
    const logged = new Set(changes.map((c) => c?.evidence?.id));
    const orphans = ((await reader.state(assessmentId))?.evidence ?? []).filter((e) => !logged.has(e.id));
    if (orphans.length > 0) problems.push(`${orphans.length} evidence rows without their event`);
  } finally {
    await reader.close();
  }
  return problems;
}

async function main() {
  if (STORE !== "sqlite" && STORE !== "pg") throw new Error(`--store takes sqlite or pg, not '${STORE}'`);
  if (STORE === "pg") {
    cluster = await clusterOrSkip("signpost_crash");
    if (!cluster) {
      console.warn(`crash: ${PG_MISSING}\ncrash: skipped on PostgreSQL (CI=true makes this an error)`);
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    }
    location = { kind: "pg", url: cluster.url };
    process.env.DATABASE_URL = cluster.url;
    storeEnv.DATABASE_URL = cluster.url;
    // Set once, so the sessions of the first start stay good after every restart.
    storeEnv.AUTH_SECRET = crypto.randomBytes(32).toString("base64url");
    log(`PostgreSQL ${cluster.url}`);
  } else {
    delete process.env.DATABASE_URL;
    log(`database ${dbFile}`);
  }
  await startServer();
  const signUp = await fetch(`${BASE}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email: "crash@example.org", password: "crash-test-password", name: "Crash Tester" }),
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  cookie = (signUp.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const teams = await trpc<{ active: { id: string } }>("teams.mine", undefined, "query");
  const list = await trpc<{ id: string }[]>("assessments.list", { teamId: teams.active.id }, "query");
  const assessmentId = list[0]?.id;
  if (!assessmentId) throw new Error("the demo assessment is missing");

  const acknowledged = new Map<string, number>();
  let saves = 0;
  let failures = 0;
  let counter = 0;
  for (let round = 1; round <= KILLS; round++) {
    const runFor = 300 + Math.floor(Math.random() * 1500);
    const stopAt = Date.now() + runFor;
    const view = await trpc<View>("assessments.get", { assessmentId }, "query");
    // An edit answers with the version it produced, not the whole view: the next save is based on it.
    let version = view.state.version;
    const killer = setTimeout(killServer, runFor);
    // Keep saving through the kill: the save in flight when it lands is never acknowledged.
    while (Date.now() < stopAt + 3000) {
      counter++;
      const mark = `crash-${counter}`;
      const indicator = view.state.indicators[counter % view.state.indicators.length];
      try {
        const input =
          counter % 3 === 0 && indicator
            ? {
                assessmentId,
                version,
                title: mark,
                sourceName: "Crash test",
                sourceKind: "other",
                reliability: "C",
                credibility: 3,
                observedAt: "2024-12-13",
                links: [{ indicatorId: indicator.id, direction: counter % 2 ? 1 : -1 }],
              }
            : { assessmentId, version, handling: mark };
        const answer = await trpc<EditAnswer>(
          counter % 3 === 0 ? "workspace.addEvidence" : "workspace.updateAssessment",
          input,
          "mutation",
        );
        acknowledged.set(mark, answer.version);
        version = answer.version;
        saves++;
      } catch {
        failures++;
        break;
      }
    }
    clearTimeout(killer);
    killServer();
    await sleep(100);
    const problems = await verify(assessmentId, acknowledged);
    if (problems.length) {
      console.error(`crash: round ${round} FAILED:\n  ${problems.join("\n  ")}`);
      console.log(`crash: ${round - 1} passed, 1 failed`);
      cluster?.stop();
      process.exit(1);
    }
    log(
      `round ${round}: killed after ${runFor} ms; ${acknowledged.size} acknowledged saves all present; ${STORE === "sqlite" ? "integrity ok; " : ""}replay ok`,
    );
    if (round < KILLS) await startServer();
  }
  log(`${KILLS} kills, ${saves} acknowledged saves, ${failures} saves cut off by a kill (never acknowledged), 0 lost`);
  console.log(`crash: ${KILLS} passed, 0 failed`);
  fs.rmSync(dir, { recursive: true, force: true });
  cluster?.stop();
}

main().catch((error) => {
  killServer();
  cluster?.stop();
  console.error(`crash: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
