// Production app instances for the store benchmarks (tests/bench/stores.ts): start one with
// `server/cli/start.ts` on a port and a store (SQLite file or DATABASE_URL), sign up, call tRPC over
// HTTP, and account for where the CPU went (this process, the instances, the PostgreSQL server).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import superjson from "superjson";

export interface AppInstance {
  base: string;
  process: ChildProcess;
  /** Stops the instance (its process group); safe to call twice. */
  stop(): Promise<void>;
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Starts `server/cli/start.ts` on `port` with `env` on top of this process's environment and waits
 * for /api/health. `build: false` passes `--no-build` (the build in .next is used as it is).
 */
export async function startInstance(options: {
  port: number;
  env: Record<string, string>;
  build?: boolean;
}): Promise<AppInstance> {
  const base = `http://127.0.0.1:${options.port}`;
  const args = ["--import", "tsx", "server/cli/start.ts", ...(options.build ? [] : ["--no-build"])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(options.port), SIGNPOST_RATE_LIMIT: "off", ...options.env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });
  const stop = async () => {
    if (exited !== null || !child.pid) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
  };
  // A build, when it is due, takes minutes on two cores.
  for (let i = 0; i < 3000; i++) {
    if (exited !== null) throw new Error(`The app on port ${options.port} exited with code ${exited} before it served`);
    try {
      // Any answer means it serves; a health check that is not ok is said, not waited out.
      const res = await fetch(`${base}/api/health`);
      if (!res.ok) console.log(`bench: the app on port ${options.port} serves; its health says ${await res.text()}`);
      return { base, process: child, stop };
    } catch {}
    await sleep(200);
  }
  await stop();
  throw new Error(`The app on port ${options.port} did not answer /api/health within 10 minutes`);
}

export function trpcGetUrl(base: string, procedure: string, input: unknown): string {
  return `${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

async function answerOf<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize(body.result.data) as T;
}

/** A signed-in client of one instance (any instance on the same database and AUTH_SECRET takes its cookie). */
export class AppClient {
  constructor(
    readonly cookie: string,
    readonly origin: string,
  ) {}

  /** Creates the first account (it owns the default team and the demo) and keeps its session cookie. */
  static async signUp(base: string, email = "bench@example.org"): Promise<AppClient> {
    const res = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email, password: "bench-test-password", name: "Bench Analyst" }),
    });
    if (!res.ok) throw new Error(`sign-up on ${base}: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    return new AppClient(cookie, base);
  }

  async query<T>(base: string, procedure: string, input: unknown): Promise<T> {
    return answerOf<T>(
      await fetch(trpcGetUrl(base, procedure, input), { headers: { cookie: this.cookie } }),
      procedure,
    );
  }

  async mutate<T>(base: string, procedure: string, input: unknown): Promise<T> {
    const res = await fetch(`${base}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": "application/json", origin: base },
      body: JSON.stringify(superjson.serialize(input)),
    });
    return answerOf<T>(res, procedure);
  }

  /** The id of the first assessment on the active team's list (the demo on a fresh installation). */
  async firstAssessment(base: string): Promise<{ id: string; version: number }> {
    const mine = await this.query<{ active: { id: string } }>(base, "teams.mine", undefined);
    const list = await this.query<{ id: string }[]>(base, "assessments.list", { teamId: mine.active.id });
    const id = list[0]?.id;
    if (!id) throw new Error(`No assessment on the active team at ${base}`);
    const view = await this.query<{ state: { version: number } }>(base, "assessments.get", { assessmentId: id });
    return { id, version: view.state.version };
  }
}

// ---- Where the CPU went ------------------------------------------------------------------------

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used, with those of its exited children it has waited
 * for (PostgreSQL's backends come and go with the pools' idle timeout; the postmaster reaps them).
 */
function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime is field 14, then stime, cutime, cstime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return ticks / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds of a process and all its descendants (live ones read, exited ones through their parent). */
export function treeCpuSeconds(pid: number): number {
  let total = 0;
  const queue = [pid];
  while (queue.length) {
    const next = queue.shift() as number;
    total += processCpuSeconds(next);
    queue.push(...childrenOf(next));
  }
  return total;
}

/** The PostgreSQL server's process id, from its data folder's postmaster.pid. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** The CPU group of everything the accounting did not measure (other work on a shared machine). */
export const OTHERS = "everything else on the machine";

export interface CpuReport {
  seconds: number;
  /** Cores' worth of CPU each group used on average over the run (2 = both cores of this machine). */
  cores: Record<string, number>;
  /** The whole machine's CPU busy share over the run, 0–1 (everything, other people's work too). */
  machineBusy: number;
  /** The 1-minute load average: the highest sampled during the run, and at its end. */
  loadMax: number;
  loadEnd: number;
}

/**
 * Runs `work` while accounting CPU: `groups` maps a name to the root pids whose process trees it
 * covers; this process (the load generator) is always counted as "load generator".
 */
export async function withCpuAccounting<T>(
  groups: Record<string, number[]>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuReport }> {
  const sum = (pids: number[]) => pids.reduce((s, pid) => s + treeCpuSeconds(pid), 0);
  const before = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, sum(pids)]));
  const selfBefore = process.cpuUsage();
  const machineBefore = machineTicks();
  const started = performance.now();
  let loadMax = os.loadavg()[0] ?? 0;
  const sampler = setInterval(() => {
    loadMax = Math.max(loadMax, os.loadavg()[0] ?? 0);
  }, 1000);
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const self = process.cpuUsage(selfBefore);
    const machineAfter = machineTicks();
    const cores: Record<string, number> = { "load generator": (self.user + self.system) / 1e6 / seconds };
    for (const [name, pids] of Object.entries(groups)) cores[name] = (sum(pids) - (before[name] ?? 0)) / seconds;
    const machineBusy =
      (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total);
    // What the machine did beside the measured processes: other people's tests on a shared machine.
    const measured = Object.values(cores).reduce((a, b) => a + b, 0);
    cores[OTHERS] = Math.max(0, machineBusy * os.cpus().length - measured);
    const loadEnd = os.loadavg()[0] ?? 0;
    return {
      result,
      cpu: {
        seconds,
        cores,
        machineBusy,
        loadMax: Math.max(loadMax, loadEnd),
        loadEnd,
      },
    };
  } finally {
    clearInterval(sampler);
  }
}

/** One line for a log: "load 2.31 (max 2.80), machine 97 % busy; cores: app 1.20, …". */
export function describeCpu(cpu: CpuReport): string {
  const cores = Object.entries(cpu.cores)
    .map(([name, value]) => `${name} ${value.toFixed(2)}`)
    .join(", ");
  return `load ${cpu.loadEnd.toFixed(2)} (max ${cpu.loadMax.toFixed(2)}), machine ${(cpu.machineBusy * 100).toFixed(0)} % busy; cores used: ${cores}`;
}
