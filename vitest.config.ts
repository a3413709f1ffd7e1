import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  // "server-only" is the empty module it is on the server (tsconfig.json maps it the same way).
  resolve: { alias: { "@": root, "server-only": `${root}node_modules/server-only/empty.js` } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The integration suite again, on PostgreSQL: the same files, each test file on a fresh
          // database in one throwaway cluster (tests/integration/harness.ts, tests/pg/global-setup.ts).
          // The placeholder URL makes db/tables.ts load PostgreSQL's tables; the harness replaces it.
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          env: { SIGNPOST_TEST_STORE: "pg", DATABASE_URL: "postgres://placeholder@127.0.0.1:1/set-by-the-harness" },
          globalSetup: ["tests/pg/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Real PostgreSQL: a throwaway cluster started by the global setup (tests/support/pg-cluster.ts).
          name: "pg",
          include: ["tests/pg/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/pg/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
