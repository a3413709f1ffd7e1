// Teams, members and roles. Owners manage members (people join by invitation: ./invitations.ts);
// a team always keeps at least one owner.

import crypto from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { lockTeam } from "@/db/dialect";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { dbOf, needRole, type TeamAccess } from "@/server/access";
import { leaveOpenRounds } from "@/server/rounds/membership";
import { badInput, DomainError } from "@/shared/errors";
import type { Role } from "@/shared/teams";
import { spendOrRefuse, TEAM_CREATE_LIMIT, teamCreateKey } from "./limits";

export interface TeamSummary {
  id: string;
  name: string;
  role: Role;
  staleAfterDays: number;
}

export async function listTeams(db: Db, userId: string): Promise<TeamSummary[]> {
  return await db
    .select({ id: t.teams.id, name: t.teams.name, role: t.members.role, staleAfterDays: t.teams.staleAfterDays })
    .from(t.members)
    .innerJoin(t.teams, eq(t.teams.id, t.members.teamId))
    .where(eq(t.members.userId, userId))
    .orderBy(asc(t.teams.name));
}

/** The team the user last worked in, falling back to their first team; null if they have none. */
export async function activeTeam(db: Db, userId: string): Promise<TeamSummary | null> {
  const teams = await listTeams(db, userId);
  const state = first(await db.select().from(t.userState).where(eq(t.userState.userId, userId)));
  return teams.find((team) => team.id === state?.activeTeamId) ?? teams[0] ?? null;
}

export async function setActiveTeam(access: TeamAccess): Promise<TeamSummary> {
  const db = dbOf(access);
  const { userId, teamId } = access;
  await transaction(db, async (tx) => {
    await tx
      .insert(t.userState)
      .values({ userId, activeTeamId: teamId })
      .onConflictDoUpdate({ target: t.userState.userId, set: { activeTeamId: teamId } });
  });
  const team = (await listTeams(db, userId)).find((x) => x.id === teamId);
  if (!team) throw new DomainError("NOT_FOUND", `No team with id '${teamId}'`, "teamId");
  return team;
}

/** A new team with the caller as its owner; limited per person (TEAM_CREATE_LIMIT). */
export async function createTeam(db: Db, userId: string, name: string, now = Date.now()): Promise<TeamSummary> {
  const id = crypto.randomUUID();
  await transaction(db, async (tx) => {
    await spendOrRefuse(
      tx,
      teamCreateKey(userId),
      TEAM_CREATE_LIMIT,
      `You have created ${TEAM_CREATE_LIMIT.max} teams in the last hour`,
      now,
    );
    await tx.insert(t.teams).values({ id, name });
    await tx.insert(t.members).values({ teamId: id, userId, role: "owner" });
    await tx
      .insert(t.userState)
      .values({ userId, activeTeamId: id })
      .onConflictDoUpdate({ target: t.userState.userId, set: { activeTeamId: id } });
  });
  return { id, name, role: "owner", staleAfterDays: 14 };
}

export async function updateTeamSettings(
  access: TeamAccess,
  input: { name?: string; staleAfterDays?: number },
): Promise<TeamSummary> {
  const db = dbOf(needRole(access, "owner"));
  const set: Partial<typeof t.teams.$inferInsert> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.staleAfterDays !== undefined) set.staleAfterDays = input.staleAfterDays;
  if (Object.keys(set).length) {
    await transaction(db, async (tx) => {
      await tx.update(t.teams).set(set).where(eq(t.teams.id, access.teamId));
    });
  }
  const team = (await listTeams(db, access.userId)).find((x) => x.id === access.teamId);
  if (!team) throw new DomainError("NOT_FOUND", `No team with id '${access.teamId}'`, "teamId");
  return team;
}

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  since: Date;
}

export async function listMembers(access: TeamAccess): Promise<MemberRow[]> {
  return await dbOf(access)
    .select({
      userId: t.members.userId,
      name: t.user.name,
      email: t.user.email,
      role: t.members.role,
      since: t.members.createdAt,
    })
    .from(t.members)
    .innerJoin(t.user, eq(t.user.id, t.members.userId))
    .where(eq(t.members.teamId, access.teamId))
    .orderBy(asc(t.user.name));
}

async function ownerCount(db: DbOrTx, teamId: string): Promise<number> {
  return (
    first(
      await db
        .select({ n: count() })
        .from(t.members)
        .where(and(eq(t.members.teamId, teamId), eq(t.members.role, "owner"))),
    )?.n ?? 0
  );
}

async function memberRole(db: DbOrTx, teamId: string, userId: string): Promise<Role | undefined> {
  return first(
    await db
      .select({ role: t.members.role })
      .from(t.members)
      .where(and(eq(t.members.teamId, teamId), eq(t.members.userId, userId))),
  )?.role;
}

/**
 * An invitation carries its sender's authority: when they stop being an owner of the team (made
 * analyst or viewer, removed, gone), the links they sent stop working, or a demoted owner's link
 * could still make a new owner.
 */
async function revokeInvitationsBy(tx: DbOrTx, teamId: string, userId: string): Promise<void> {
  await tx
    .update(t.invitations)
    .set({ status: "revoked", answeredAt: new Date() })
    .where(
      and(eq(t.invitations.teamId, teamId), eq(t.invitations.invitedBy, userId), eq(t.invitations.status, "pending")),
    );
}

export async function changeRole(access: TeamAccess, input: { userId: string; role: Role }): Promise<MemberRow[]> {
  const db = dbOf(needRole(access, "owner"));
  const { teamId } = access;
  await transaction(db, async (tx) => {
    await lockTeam(tx, teamId);
    const current = await memberRole(tx, teamId, input.userId);
    if (!current) throw new DomainError("NOT_FOUND", `No member with id '${input.userId}' in this team`, "userId");
    if (current === "owner" && input.role !== "owner" && (await ownerCount(tx, teamId)) <= 1) {
      throw badInput("role", "This is the team's last owner: make someone else an owner first");
    }
    await tx
      .update(t.members)
      .set({ role: input.role })
      .where(and(eq(t.members.teamId, teamId), eq(t.members.userId, input.userId)));
    if (current === "owner" && input.role !== "owner") await revokeInvitationsBy(tx, teamId, input.userId);
    if (input.role === "viewer" && current !== "viewer") await leaveOpenRounds(tx, teamId, input.userId);
  });
  return await listMembers(access);
}

/**
 * What removing a member did. An owner who removes themselves has left: they can no longer read
 * the member list, so the answer says so instead of the list.
 */
export type RemoveMemberResult = { left: true } | { left: false; members: MemberRow[] };

export async function removeMember(access: TeamAccess, input: { userId: string }): Promise<RemoveMemberResult> {
  // Anyone may leave; only an owner removes someone else.
  const leaving = input.userId === access.userId;
  const db = dbOf(leaving ? access : needRole(access, "owner"));
  const { teamId } = access;
  await transaction(db, async (tx) => {
    await lockTeam(tx, teamId);
    const current = await memberRole(tx, teamId, input.userId);
    if (!current) throw new DomainError("NOT_FOUND", `No member with id '${input.userId}' in this team`, "userId");
    if (current === "owner" && (await ownerCount(tx, teamId)) <= 1) {
      throw badInput("userId", "This is the team's last owner: make someone else an owner first");
    }
    await tx.delete(t.members).where(and(eq(t.members.teamId, teamId), eq(t.members.userId, input.userId)));
    await revokeInvitationsBy(tx, teamId, input.userId);
    await leaveOpenRounds(tx, teamId, input.userId);
  });
  if (leaving) return { left: true };
  return { left: false, members: await listMembers(access) };
}
