// Load stage (issue 7): autocannon against the production server on loopback, 20 connections for
// 20 s each, for (a) a bare route returning fixed JSON (the framework's floor), (b) the workspace
// read of the demo, (c) a write (a comment: one transaction with its event), (d) versioned saves
// racing on one assessment (CONFLICTs intended). Server memory before and after.
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import superjson from "superjson";
import type { BenchRow } from "./types";

const PORT = Number(process.env.LOAD_PORT ?? 3296);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.LOAD_SECONDS ?? 20);
const CONNECTIONS = 20;

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

function serverRssMb(root: ChildProcess): number {
  // start.ts runs `next start` (and Next its own workers) below it: measure the largest descendant.
  const children = (pid: string): string[] =>
    execSync(`ps -o pid= --ppid ${pid} || true`).toString().trim().split(/\s+/).filter(Boolean);
  const all: string[] = [];
  const queue = [String(root.pid)];
  while (queue.length) {
    const pid = queue.shift() as string;
    all.push(pid);
    queue.push(...children(pid));
  }
  let largest = 0;
  for (const pid of all) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      largest = Math.max(largest, kb);
    } catch {}
  }
  return largest / 1024;
}

function trpcGetUrl(procedure: string, input: unknown) {
  return `${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

async function run(title: string, opts: autocannon.Options) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  return { title, result };
}

export async function loadBench(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-load-"));
  const server = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_PATH: path.join(dir, "signpost.db"),
      SIGNPOST_RATE_LIMIT: "off",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    for (let i = 0; i < 1200; i++) {
      try {
        if ((await fetch(`${BASE}/api/health`)).ok) break;
      } catch {}
      await sleep(200);
    }
    const signUp = await fetch(`${BASE}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email: "load@example.org", password: "load-test-password", name: "Load Tester" }),
    });
    const cookie = (signUp.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    const get = async (procedure: string, input: unknown) => {
      const res = await fetch(trpcGetUrl(procedure, input), { headers: { cookie } });
      const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
      return superjson.deserialize(body.result.data) as never;
    };
    const mine: { active: { id: string } } = await get("teams.mine", undefined);
    const list: { id: string }[] = await get("assessments.list", { teamId: mine.active.id });
    const assessmentId = list[0]?.id ?? "";
    const view: { state: { version: number } } = await get("assessments.get", { assessmentId });
    // Warm up every route once so the first measured requests are not compilations.
    await fetch(`${BASE}/api/ping`);
    const rssBefore = serverRssMb(server);

    const floor = await run("bare route", { url: `${BASE}/api/ping` });
    const read = await run("workspace read", {
      url: trpcGetUrl("assessments.get", { assessmentId }),
      headers: { cookie },
    });
    const write = await run("comment write", {
      url: `${BASE}/api/trpc/history.addComment`,
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: BASE },
      body: JSON.stringify(
        superjson.serialize({ assessmentId, targetKind: "assessment", targetId: assessmentId, body: "Load test note" }),
      ),
    });
    const race = await run("versioned save race", {
      url: `${BASE}/api/trpc/workspace.updateAssessment`,
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: BASE },
      body: JSON.stringify(superjson.serialize({ assessmentId, version: view.state.version, handling: "LOAD TEST" })),
    });
    const rssAfter = serverRssMb(server);

    const rows: BenchRow[] = [];
    for (const { title, result } of [floor, read, write]) {
      const bad = result.errors + result.timeouts + result.non2xx;
      rows.push(
        { stage: "load", name: `${title}: requests/s`, value: result.requests.average, unit: "req/s" },
        { stage: "load", name: `${title}: p50 latency`, value: result.latency.p50, unit: "ms" },
        { stage: "load", name: `${title}: p99 latency`, value: result.latency.p99, unit: "ms" },
        {
          stage: "load",
          name: `${title}: errors + non-2xx`,
          value: bad,
          unit: "responses",
          target: "0",
          met: bad === 0,
        },
      );
    }
    const ratio = read.result.requests.average / floor.result.requests.average;
    rows.push({
      stage: "load",
      name: "workspace read ÷ bare route (requests/s)",
      value: ratio,
      unit: "ratio",
      target: ">= 0.5",
      met: ratio >= 0.5,
    });
    const conflicts = race.result.statusCodeStats?.["409" as keyof typeof race.result.statusCodeStats]?.count ?? 0;
    const applied = race.result["2xx"];
    const other = race.result.non2xx - conflicts + race.result.errors + race.result.timeouts;
    rows.push(
      { stage: "load", name: "versioned save race: applied", value: applied, unit: "saves" },
      { stage: "load", name: "versioned save race: CONFLICT (intended)", value: conflicts, unit: "responses" },
      {
        stage: "load",
        name: "versioned save race: other errors",
        value: other,
        unit: "responses",
        target: "0",
        met: other === 0,
      },
      { stage: "load", name: "server memory before", value: rssBefore, unit: "MB" },
      { stage: "load", name: "server memory after", value: rssAfter, unit: "MB" },
    );
    return rows;
  } finally {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {}
    }
    await sleep(500);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void loadBench().then((rows) => console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(2)) }))));
}
