// The tables domain code queries, for the store this process runs on: db/schema.ts (SQLite) or
// db/schema-pg.ts (PostgreSQL, when DATABASE_URL is set). Both are typed as the SQLite schema, so
// domain code is written once; tests/unit/schema-parity.test.ts is what makes that sound (the same
// tables, columns, keys and JavaScript types on both). Import types from "@/db/schema"; import the
// tables from here.

import * as sqliteSchema from "./schema";
import * as pgSchema from "./schema-pg";

/** Read once at load: a process runs on one store (tests of the other store run in another process). */
const chosen = (process.env.DATABASE_URL?.trim() ? pgSchema : sqliteSchema) as unknown as typeof sqliteSchema;

export const {
  user,
  session,
  account,
  verification,
  rateLimit,
  authRateLimit,
  teams,
  members,
  invitations,
  userState,
  assessments,
  scenarios,
  indicators,
  expectations,
  evidence,
  originDismissals,
  evidenceLinks,
  events,
  baselines,
  comments,
  checkpoints,
  seriesBlocks,
  rounds,
  roundScope,
  roundParticipants,
  judgementCells,
  judgementRows,
  roundComments,
} = chosen;
