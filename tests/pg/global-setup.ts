// Vitest globalSetup of the "pg" project: one throwaway PostgreSQL cluster for the whole run (each
// test file makes its own database in it, tests/pg/support.ts), stopped and deleted after.
// Without the server binaries the project's tests are skipped with a message, except under CI=true,
// where the missing binaries fail the run (.ci/run installs them).
import type { TestProject } from "vitest/node";
import { findPgBin, PG_MISSING, startPgCluster } from "../support/pg-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** The cluster's maintenance database URL, or null when PostgreSQL is not installed. */
    pgAdminUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (!findPgBin()) {
    if (process.env.CI === "true" || process.env.CI === "1") throw new Error(PG_MISSING);
    console.warn(`\n[pg] ${PG_MISSING}\n[pg] Skipping the PostgreSQL tests (CI=true makes this an error).\n`);
    project.provide("pgAdminUrl", null);
    return undefined;
  }
  const cluster = await startPgCluster({ database: "signpost_bootstrap" });
  project.provide("pgAdminUrl", cluster.adminUrl);
  return () => cluster.stop();
}
