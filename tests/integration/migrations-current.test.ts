// The committed migrations of both stores are current: drizzle-kit, run against a copy of each
// migrations folder, finds nothing to generate from db/schema.ts and db/schema-pg.ts. With the
// parity test (tests/unit/schema-parity.test.ts) this closes the loop: the schemas agree with each
// other, and each store's migrations build exactly its schema.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe.each([
  { dialect: "sqlite", schema: "./db/schema.ts", migrations: "db/migrations" },
  { dialect: "postgresql", schema: "./db/schema-pg.ts", migrations: "db/migrations-pg" },
])("$migrations", ({ dialect, schema, migrations }) => {
  it(`holds every change of ${schema}: drizzle-kit has nothing to generate`, async () => {
    fs.mkdirSync("tests/.tmp", { recursive: true });
    const dir = fs.mkdtempSync(path.join("tests/.tmp", "migrations-"));
    try {
      fs.cpSync(migrations, path.join(dir, "out"), { recursive: true });
      const config = path.join(dir, "drizzle.config.ts");
      // drizzle-kit resolves `out` against the working directory: keep it relative to the repo.
      fs.writeFileSync(config, `export default ${JSON.stringify({ dialect, schema, out: `./${dir}/out` })};\n`);
      const { stdout } = await run("npx", ["drizzle-kit", "generate", "--config", config], { encoding: "utf8" });
      expect(stdout).toContain("No schema changes, nothing to migrate");
      const sql = (folder: string) => fs.readdirSync(folder).filter((f) => f.endsWith(".sql"));
      expect(sql(path.join(dir, "out"))).toEqual(sql(migrations));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
