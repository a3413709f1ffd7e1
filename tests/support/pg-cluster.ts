// A throwaway PostgreSQL cluster for tests and scripts: initdb into a temporary folder, pg_ctl on a
// free port on 127.0.0.1 (its socket in that folder too), one database, its URL; stop and delete
// after. Nothing depends on a server someone started by hand. Runs the server as the `postgres` user
// when the tests run as root (PostgreSQL refuses to run as root). Debian's `postgresql` package
// provides the binaries; `.ci/run` installs it when missing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface PgCluster {
  /** postgres://… of the database created for the tests. */
  url: string;
  /** postgres://… of the cluster's maintenance database, for creating more databases. */
  adminUrl: string;
  dir: string;
  port: number;
  /** Stops the server and deletes its folder; safe to call twice. */
  stop(): void;
}

/** Where Debian puts the server binaries: the newest installed major version. */
export function findPgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (process.env.PG_BIN) return fs.existsSync(path.join(process.env.PG_BIN, "initdb")) ? process.env.PG_BIN : null;
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

export const PG_MISSING =
  "PostgreSQL's server binaries are missing (no /usr/lib/postgresql/*/bin/initdb): install Debian's " +
  "`postgresql` package (`apt-get install -y postgresql`, as .ci/run does), or point PG_BIN at a bin folder.";

/** A port nothing listens on right now (the kernel picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a server binary, as `postgres` when we are root; its output goes into the error it throws. */
function run(bin: string, args: string[]): string {
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  try {
    return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(bin)} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * Starts a fresh cluster and creates `database` in it. Throws PG_MISSING when the binaries are absent.
 * The server trusts local connections only (127.0.0.1 and its socket folder): it lives for one test run.
 */
export async function startPgCluster(options: { database?: string } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error(PG_MISSING);
  const database = options.database ?? "signpost_test";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-pg-"));
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "socket");
  fs.mkdirSync(socketDir);
  if (isRoot()) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        run(path.join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-s", "-w"]);
      } catch {
        // Already stopped (or never fully started): the folder goes either way.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
      "--no-instructions",
    ]);
    // fsync off: the cluster is thrown away after the run, and durability is not what these tests test.
    const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir} -c fsync=off -c max_connections=200`;
    run(path.join(bin, "pg_ctl"), [
      "start",
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-s",
      "-o",
      serverOptions,
    ]);
    started = true;
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const url = await createDatabase(adminUrl, database);
    return { url, adminUrl, dir, port, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Creates an empty database in the cluster of `adminUrl` and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a plain database name: '${name}'`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * `npx tsx tests/support/pg-cluster.ts`: a throwaway cluster for trying things by hand (db:copy, psql);
 * prints its URL and removes it on Ctrl-C.
 */
async function main() {
  const cluster = await startPgCluster({ database: "signpost" });
  console.log(`PostgreSQL ready: ${cluster.url}\n(Ctrl-C stops it and deletes ${cluster.dir})`);
  const stop = () => {
    cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  setInterval(() => {}, 60_000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
