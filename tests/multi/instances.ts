// App instances for the multi-instance runners (tests/multi/run.ts, tests/crash/run.ts --store pg):
// `server/cli/start.ts` in a process group of its own on a given port and environment (DATABASE_URL
// for PostgreSQL), waited for on /api/health; and a throwaway PostgreSQL cluster with a fresh
// database, or the skip/fail decision when PostgreSQL's binaries are missing (as tests/pg does).
import { type ChildProcess, spawn } from "node:child_process";
import { findPgBin, PG_MISSING, type PgCluster, startPgCluster } from "../support/pg-cluster";

export interface AppInstance {
  base: string;
  port: number;
  /** SIGKILL to the whole process group (tsx and the server under it); safe to call twice. */
  kill(): void;
  /** The last few KB the instance printed, for a failure message. */
  output(): string;
}

/**
 * Starts one instance and waits until /api/health answers. `build: true` lets `npm start` build the
 * production app when it is missing or out of date (start the first instance so, the next with
 * `build: false`: two builds at once would write one .next folder).
 */
export async function startInstance(options: {
  port: number;
  env: Record<string, string>;
  build?: boolean;
  label?: string;
}): Promise<AppInstance> {
  const { port, env } = options;
  const base = `http://127.0.0.1:${port}`;
  const label = options.label ?? `instance on ${port}`;
  const taken = await fetch(`${base}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${port} is taken by another server: choose other ports (MULTI_PORT, CRASH_PORT)`);
  const args = ["--import", "tsx", "server/cli/start.ts", ...(options.build ? [] : ["--no-build"])];
  const child: ChildProcess = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), ...env },
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-6_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const kill = () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  };
  const deadline = Date.now() + (options.build ? 300_000 : 60_000);
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, port, kill, output: () => log };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  kill();
  throw new Error(`the ${label} did not answer /api/health:\n${log}`);
}

/**
 * A throwaway cluster and a fresh database in it, or null when PostgreSQL is not installed and CI is
 * not set (the caller skips with PG_MISSING); under CI=true the missing binaries throw.
 */
export async function clusterOrSkip(database: string): Promise<PgCluster | null> {
  if (!findPgBin()) {
    if (process.env.CI === "true" || process.env.CI === "1") throw new Error(PG_MISSING);
    return null;
  }
  return startPgCluster({ database });
}

export { PG_MISSING };
