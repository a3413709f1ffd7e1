// `npm run test:crash`: drives a stream of saves against the production server and kills it with
// SIGKILL at random moments, 20 times. After each restart: PRAGMA integrity_check is ok, every
// save the client saw acknowledged is present, the event log replays to the current state, and
// no evidence item is half-written (each has its event, and the replay agrees with the tables).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import superjson from "superjson";
import * as schema from "@/db/schema";
import { replayEvents } from "@/server/assessments/replay";
import { loadAssessmentState } from "@/server/assessments/store";
import type { EditAnswer } from "@/shared/assessment/answer";
import { emptyState } from "@/shared/assessment/changes";

const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const PORT = Number(process.env.CRASH_PORT ?? 3295);
const BASE = `http://127.0.0.1:${PORT}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-crash-"));
const dbFile = path.join(dir, "signpost.db");
let server: ChildProcess | null = null;
let cookie = "";

function log(message: string) {
  console.log(`crash: ${message}`);
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

async function startServer(): Promise<void> {
  server = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
    env: { ...process.env, PORT: String(PORT), DATABASE_PATH: dbFile, SIGNPOST_RATE_LIMIT: "off" },
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
  const sqlite = new Database(dbFile);
  try {
    const integrity = sqlite.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
    const db = drizzle(sqlite, { schema });
    const current = await loadAssessmentState(db, assessmentId);
    const events = sqlite
      .prepare("select at, payload from events where assessment_id = ? order by seq")
      .all(assessmentId) as { at: number; payload: string }[];
    const replayed = replayEvents(
      emptyState(),
      events.map((e) => ({ at: new Date(e.at), payload: JSON.parse(e.payload) })),
    );
    const canon = (s: unknown) =>
      JSON.stringify(s, (_k, v) =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
      );
    if (
      !current ||
      canon(current) !==
        canon({
          ...replayed,
          evidence: [...replayed.evidence].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1)),
        })
    ) {
      problems.push("the event log does not replay to the current state");
    }
    const marks = new Set(
      events
        .map((e) => (JSON.parse(e.payload) as { change?: { handling?: string; evidence?: { title?: string } } }).change)
        .flatMap((c) => [c?.handling, c?.evidence?.title]),
    );
    for (const [mark] of acknowledged) if (!marks.has(mark)) problems.push(`acknowledged save '${mark}' is missing`);
    const orphans = sqlite
      .prepare(
        "select count(*) as n from evidence e where e.assessment_id = ? and not exists (select 1 from events v where v.assessment_id = e.assessment_id and json_extract(v.payload, '$.change.evidence.id') = e.id)",
      )
      .get(assessmentId) as { n: number };
    if (orphans.n > 0) problems.push(`${orphans.n} evidence rows without their event`);
  } finally {
    sqlite.close();
  }
  return problems;
}

async function main() {
  log(`database ${dbFile}`);
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
      process.exit(1);
    }
    log(
      `round ${round}: killed after ${runFor} ms; ${acknowledged.size} acknowledged saves all present; integrity ok; replay ok`,
    );
    if (round < KILLS) await startServer();
  }
  log(`${KILLS} kills, ${saves} acknowledged saves, ${failures} saves cut off by a kill (never acknowledged), 0 lost`);
  console.log(`crash: ${KILLS} passed, 0 failed`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  killServer();
  console.error(`crash: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
