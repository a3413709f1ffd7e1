// Who may do what. Authorisation lives in the queries: an assessment of a team the caller is
// not a member of is simply not found.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import * as t from "@/db/schema";
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
export function requireTeamRole(db: DbOrTx, userId: string, teamId: string, atLeast: Role = "viewer"): Role {
  const row = db
    .select({ role: t.members.role })
    .from(t.members)
    .where(and(eq(t.members.teamId, teamId), eq(t.members.userId, userId)))
    .get();
  if (!row) throw new DomainError("NOT_FOUND", `No team with id '${teamId}'`, "teamId");
  if (RANK[row.role] < RANK[atLeast]) throw refuse(row.role, atLeast);
  return row.role;
}

/** The caller's role on an assessment through its team, or NOT_FOUND. */
export function requireAssessmentRole(
  db: DbOrTx,
  userId: string,
  assessmentId: string,
  atLeast: Role = "viewer",
): { role: Role; teamId: string; staleAfterDays: number } {
  const row = db
    .select({ role: t.members.role, teamId: t.assessments.teamId, staleAfterDays: t.teams.staleAfterDays })
    .from(t.assessments)
    .innerJoin(t.members, and(eq(t.members.teamId, t.assessments.teamId), eq(t.members.userId, userId)))
    .innerJoin(t.teams, eq(t.teams.id, t.assessments.teamId))
    .where(eq(t.assessments.id, assessmentId))
    .get();
  if (!row) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  if (RANK[row.role] < RANK[atLeast]) throw refuse(row.role, atLeast);
  return row;
}
