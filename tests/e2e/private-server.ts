// A production server of a spec's own: the build the suite's shared server made, served by
// `npm start`'s entry with --no-build, on its own port and a fresh database, so a spec can change
// settings, exhaust rate limits or fill the database without touching the other specs. Several
// instances of one installation (DATABASE_URL in `env`) each take their own name, hence their own
// data folder: a name already running in this process is refused, so two never delete one folder.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface PrivateServer {
  base: string;
  /** Ends the whole process group (tsx and the server under it) and deletes the data folder. */
  stop(): void;
}

/** The names of the servers this process runs now. */
const running = new Set<string>();

/** Starts the server under tests/.tmp/e2e-<name> on `port`, with `env` added; waits for /api/health. */
export async function startPrivateServer(
  name: string,
  port: number,
  env: Record<string, string> = {},
): Promise<PrivateServer> {
  // A server already on the port (another run's) would answer the health check below in ours' place.
  const taken = await fetch(`http://127.0.0.1:${port}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${port} is taken by another server: set another port for the ${name} server`);
  if (running.has(name)) throw new Error(`a server named ${name} runs already: give each instance its own name`);
  running.add(name);
  const dataDir = path.resolve(`tests/.tmp/e2e-${name}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts", "--no-build"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), DATABASE_PATH: path.join(dataDir, "signpost.db"), ...env },
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    running.delete(name);
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error(`the ${name} server on port ${port} did not answer /api/health:\n${log}`);
}
