// Who may do what. Authorisation lives in the queries: an assessment or team the caller is not a
// member of is simply not found. A check answers with a checked access (the caller's role on that
// assessment or team); the read functions of server/history and server/assessments take one, and
// reach the database only through it, so none can be called for someone who was not checked.

import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { DomainError } from "@/shared/errors";
import type { Role } from "@/shared/teams";

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, owner: 3 };

export const ROLE_RIGHTS: Record<Role, string> = {
  owner: "manages members and edits assessments",
  analyst: "edits assessments",
  viewer: "reads, comments and exports",
};

function refuse(role: Role, needed: Role): DomainError {
  const what = needed === "owner" ? "manage this team's members" : "change assessments";
  return new DomainError(
    "FORBIDDEN",
    `Your role in this team is ${role}, which ${ROLE_RIGHTS[role]}: only ${needed === "owner" ? "an owner" : "an analyst or owner"} can ${what}.`,
  );
}

/** The caller's role in a team, or NOT_FOUND when they are not a member. */
export async function requireTeamRole(
  db: DbOrTx,
  userId: string,
  teamId: string,
  atLeast: Role = "viewer",
): Promise<Role> {
  const row = first(
    await db
      .select({ role: t.members.role })
      .from(t.members)
      .where(and(eq(t.members.teamId, teamId), eq(t.members.userId, userId))),
  );
  if (!row) throw new DomainError("NOT_FOUND", `No team with id '${teamId}'`, "teamId");
  if (RANK[row.role] < RANK[atLeast]) throw refuse(row.role, atLeast);
  return row.role;
}

/** The caller's role on an assessment through its team, or NOT_FOUND. */
export async function requireAssessmentRole(
  db: DbOrTx,
  userId: string,
  assessmentId: string,
  atLeast: Role = "viewer",
): Promise<{ role: Role; teamId: string; staleAfterDays: number }> {
  const row = first(
    await db
      .select({ role: t.members.role, teamId: t.assessments.teamId, staleAfterDays: t.teams.staleAfterDays })
      .from(t.assessments)
      .innerJoin(t.members, and(eq(t.members.teamId, t.assessments.teamId), eq(t.members.userId, userId)))
      .innerJoin(t.teams, eq(t.teams.id, t.assessments.teamId))
      .where(eq(t.assessments.id, assessmentId)),
  );
  if (!row) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  if (RANK[row.role] < RANK[atLeast]) throw refuse(row.role, atLeast);
  return row;
}

// ── Checked access ───────────────────────────────────────────────────────────

/** Exists only in types: no object outside this module can carry it without a cast. */
declare const CHECKED: unique symbol;

/** An assessment the caller was checked against; only `checkAssessmentAccess` makes one. */
export interface AssessmentAccess {
  readonly userId: string;
  readonly assessmentId: string;
  readonly teamId: string;
  readonly role: Role;
  /** The team's setting: indicators not reviewed for longer are flagged stale. */
  readonly staleAfterDays: number;
  readonly [CHECKED]: "assessment";
}

/** A team the caller was checked against; only `checkTeamAccess` makes one. */
export interface TeamAccess {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
  readonly [CHECKED]: "team";
}

/**
 * The connection each access was checked on. An object cast to an access type is not in it, so a
 * read function handed one fails at its first line rather than reading for someone unchecked.
 */
const checkedOn = new WeakMap<AssessmentAccess | TeamAccess, Db>();

/** Checks the caller's role on an assessment (NOT_FOUND, or FORBIDDEN below `atLeast`). */
export async function checkAssessmentAccess(
  db: Db,
  userId: string,
  assessmentId: string,
  atLeast: Role = "viewer",
): Promise<AssessmentAccess> {
  const { role, teamId, staleAfterDays } = await requireAssessmentRole(db, userId, assessmentId, atLeast);
  const access = Object.freeze({ userId, assessmentId, teamId, role, staleAfterDays }) as AssessmentAccess;
  checkedOn.set(access, db);
  return access;
}

/** Checks the caller's role in a team (NOT_FOUND, or FORBIDDEN below `atLeast`). */
export async function checkTeamAccess(
  db: Db,
  userId: string,
  teamId: string,
  atLeast: Role = "viewer",
): Promise<TeamAccess> {
  const role = await requireTeamRole(db, userId, teamId, atLeast);
  const access = Object.freeze({ userId, teamId, role }) as TeamAccess;
  checkedOn.set(access, db);
  return access;
}

/** Refuses a checked access below `atLeast` (FORBIDDEN), without asking the database again. */
export function needRole<A extends AssessmentAccess | TeamAccess>(access: A, atLeast: Role): A {
  if (RANK[access.role] < RANK[atLeast]) throw refuse(access.role, atLeast);
  return access;
}

/** The database a checked access reads from; throws for anything the checks above did not make. */
export function dbOf(access: AssessmentAccess | TeamAccess): Db {
  const db = checkedOn.get(access);
  if (!db) throw new Error("Not a checked access: get one from checkAssessmentAccess or checkTeamAccess");
  return db;
}
