// The throwaway cluster itself (tests/support/pg-cluster.ts): it starts a real server on 127.0.0.1,
// owned by a non-root user when the tests run as root, and leaves nothing behind when stopped.
import fs from "node:fs";
import net from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startPgCluster } from "../support/pg-cluster";
import { pgAdminUrl } from "./support";

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

describe.skipIf(!pgAdminUrl)("the throwaway PostgreSQL cluster", () => {
  it("serves its database, as a non-root server, and is gone (process, port, folder) after stop()", async () => {
    const cluster = await startPgCluster({ database: "probe" });
    try {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query("select current_database() as db, current_setting('data_directory') as dir");
      await client.end();
      expect(rows[0]).toEqual({ db: "probe", dir: `${cluster.dir}/data` });
      const owner = fs.statSync(`${cluster.dir}/data`).uid;
      if (process.getuid?.() === 0) expect(owner).not.toBe(0);
      expect(await accepts(cluster.port)).toBe(true);
    } finally {
      cluster.stop();
    }
    expect(fs.existsSync(cluster.dir)).toBe(false);
    expect(await accepts(cluster.port)).toBe(false);
    cluster.stop();
  });
});
