// Invitations: an owner offers a place in a team to an email address; the person behind it accepts
// through the invitation's link, signed in or (with no account yet) by creating one with it, or
// declines. No address is ever verified, so the link is the only proof of being the one invited:
// accepting takes its token, never just an id. The owner's answer never says whether the address
// has an account, and no one joins a team without saying yes. Sign-up is otherwise closed
// (server/auth/index.ts).

import crypto from "node:crypto";
import { and, desc, eq, gt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, DbOrTx } from "@/db/connection";
import { lockTeam } from "@/db/dialect";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { dbOf, needRole, type TeamAccess } from "@/server/access";
import { asProvisioning, getAuth } from "@/server/auth";
import { badInput, DomainError } from "@/shared/errors";
import { isoDay } from "@/shared/format";
import type { Role } from "@/shared/teams";
import {
  ALL_INVITED_ACCOUNTS_KEY,
  ALL_INVITED_ACCOUNTS_LIMIT,
  INVITE_LIMIT,
  INVITED_ACCOUNTS_LIMIT,
  invitedAccountsKey,
  inviteKey,
  spendOrRefuse,
  tooManyRequests,
} from "./limits";
import { listTeams, type TeamSummary } from "./teams";

/** How long a link stays good: long enough for leave and holidays, short enough to forget. */
export const INVITATION_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;

/** The one answer for a link that cannot be used, whatever the reason: it tells a guesser nothing. */
const LINK_NOT_VALID =
  "This invitation link is not valid: it has expired, been answered or been revoked. Ask an owner of the team for a new one.";

/**
 * The one answer when a signed-in person's link does not open an invitation to their address: it
 * does not say whether the link exists, was for someone else, or was answered.
 */
const NOT_YOUR_LINK =
  "This link does not open an invitation to your address: check that you pasted the whole link the inviter shared with you, and that you are signed in with the address it was sent to.";

export const invitationPath = (token: string) => `/invite/${token}`;

/** Email addresses are compared lower-case and trimmed, as better-auth stores them. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The link's secret is shown once; only its hash is kept, so a copy of the database opens nothing. */
function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

const inviter = alias(t.user, "inviter");

// ── The owner's side ─────────────────────────────────────────────────────────

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  invitedByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** Past its expiry: it can no longer be accepted; inviting the address again issues a new link. */
  expired: boolean;
}

export interface InviteResult {
  invitation: InvitationRow;
  /** The secret of the link, shown to the owner this once. */
  token: string;
  /** `/invite/<token>`: the page where the invitee accepts, declines or creates their account. */
  path: string;
}

/** The team's pending invitations, newest first (owners only). */
export async function listInvitations(access: TeamAccess, now = Date.now()): Promise<InvitationRow[]> {
  return (
    await dbOf(needRole(access, "owner"))
      .select({
        id: t.invitations.id,
        email: t.invitations.email,
        role: t.invitations.role,
        invitedByName: inviter.name,
        createdAt: t.invitations.createdAt,
        expiresAt: t.invitations.expiresAt,
      })
      .from(t.invitations)
      .leftJoin(inviter, eq(inviter.id, t.invitations.invitedBy))
      .where(and(eq(t.invitations.teamId, access.teamId), eq(t.invitations.status, "pending")))
      .orderBy(desc(t.invitations.createdAt), t.invitations.email)
  ).map((row) => ({ ...row, expired: row.expiresAt.getTime() <= now }));
}

/**
 * Invites `email` to the team with `role`. The answer is the same whether or not the address has
 * an account (that is for its owner to say, by accepting). Inviting an address that is already
 * invited issues a new link and retires the old one; a member of the team is refused, which tells
 * the owner nothing their member list does not.
 */
export async function invite(
  access: TeamAccess,
  input: { email: string; role: Role },
  now = Date.now(),
): Promise<InviteResult> {
  const db = dbOf(needRole(access, "owner"));
  const { userId, teamId } = access;
  const email = normaliseEmail(input.email);
  const token = crypto.randomBytes(32).toString("base64url");
  const id = crypto.randomUUID();
  await transaction(db, async (tx) => {
    // The team's lock, then the inviter's role again: an owner demoted or removed a moment ago (their
    // pending links revoked) must not leave a fresh link behind, on any instance.
    await lockTeam(tx, teamId);
    const inviter = first(
      await tx
        .select({ role: t.members.role })
        .from(t.members)
        .where(and(eq(t.members.teamId, teamId), eq(t.members.userId, userId))),
    );
    if (inviter?.role !== "owner") {
      throw new DomainError("FORBIDDEN", "You are no longer an owner of this team: only an owner can invite people.");
    }
    const member = first(
      await tx
        .select({ userId: t.members.userId })
        .from(t.members)
        .innerJoin(t.user, eq(t.user.id, t.members.userId))
        .where(and(eq(t.members.teamId, teamId), eq(t.user.email, email))),
    );
    if (member) throw badInput("email", `${email} is already a member of this team: change their role instead`);
    await spendOrRefuse(
      tx,
      inviteKey(userId),
      INVITE_LIMIT,
      `You have sent ${INVITE_LIMIT.max} invitations in the last hour`,
      now,
    );
    await tx
      .update(t.invitations)
      .set({ status: "revoked", answeredAt: new Date(now) })
      .where(
        and(eq(t.invitations.teamId, teamId), eq(t.invitations.email, email), eq(t.invitations.status, "pending")),
      );
    await tx.insert(t.invitations).values({
      id,
      teamId: teamId,
      email,
      role: input.role,
      invitedBy: userId,
      tokenHash: hashToken(token),
      createdAt: new Date(now),
      expiresAt: new Date(now + INVITATION_DAYS * DAY),
    });
  });
  const invitation = (await listInvitations(access, now)).find((i) => i.id === id);
  if (!invitation) throw new DomainError("NOT_FOUND", "The new invitation could not be read back");
  return { invitation, token, path: invitationPath(token) };
}

/** Withdraws a pending invitation of the team; its link stops working at once. */
export async function revokeInvitation(
  access: TeamAccess,
  input: { invitationId: string },
  now = Date.now(),
): Promise<InvitationRow[]> {
  const revoked = await transaction(dbOf(needRole(access, "owner")), async (tx) =>
    tx
      .update(t.invitations)
      .set({ status: "revoked", answeredAt: new Date(now) })
      .where(
        and(
          eq(t.invitations.id, input.invitationId),
          eq(t.invitations.teamId, access.teamId),
          eq(t.invitations.status, "pending"),
        ),
      )
      .returning({ id: t.invitations.id }),
  );
  if (revoked.length === 0) {
    throw new DomainError(
      "NOT_FOUND",
      `No pending invitation with id '${input.invitationId}' in this team`,
      "invitationId",
    );
  }
  return await listInvitations(access, now);
}

// ── The invitee's side ───────────────────────────────────────────────────────

export interface MyInvitation {
  id: string;
  teamName: string;
  role: Role;
  invitedByName: string | null;
  expiresAt: Date;
}

const myInvitationColumns = {
  id: t.invitations.id,
  teamName: t.teams.name,
  role: t.invitations.role,
  invitedByName: inviter.name,
  expiresAt: t.invitations.expiresAt,
};

/** Invitations to the caller's own email address that can still be accepted, oldest first. */
export async function myInvitations(db: DbOrTx, user: { email: string }, now = Date.now()): Promise<MyInvitation[]> {
  return await db
    .select(myInvitationColumns)
    .from(t.invitations)
    .innerJoin(t.teams, eq(t.teams.id, t.invitations.teamId))
    .leftJoin(inviter, eq(inviter.id, t.invitations.invitedBy))
    .where(
      and(
        eq(t.invitations.email, normaliseEmail(user.email)),
        eq(t.invitations.status, "pending"),
        gt(t.invitations.expiresAt, new Date(now)),
      ),
    )
    .orderBy(t.invitations.createdAt);
}

/** The caller's own pending invitation that `which` picks (by id or by link), if there is one. */
async function ownPending(db: DbOrTx, user: { email: string }, which: SQL) {
  return first(
    await db
      .select({
        id: t.invitations.id,
        teamId: t.invitations.teamId,
        role: t.invitations.role,
        expiresAt: t.invitations.expiresAt,
      })
      .from(t.invitations)
      .where(and(which, eq(t.invitations.email, normaliseEmail(user.email)), eq(t.invitations.status, "pending"))),
  );
}

/**
 * The caller's own pending invitation by id, or NOT_FOUND: someone else's invitation is simply not
 * found. Enough to decline (saying no needs no proof), never to accept.
 */
async function ownPendingInvitation(db: DbOrTx, user: { email: string }, invitationId: string) {
  const row = await ownPending(db, user, eq(t.invitations.id, invitationId));
  if (!row)
    throw new DomainError("NOT_FOUND", `No pending invitation with id '${invitationId}' for you`, "invitationId");
  return row;
}

/** Makes a person a member with the invited role (a member already keeps their role) and opens that team. */
async function join(tx: DbOrTx, userId: string, teamId: string, role: Role): Promise<void> {
  await tx.insert(t.members).values({ teamId, userId, role }).onConflictDoNothing();
  await tx
    .insert(t.userState)
    .values({ userId, activeTeamId: teamId })
    .onConflictDoUpdate({ target: t.userState.userId, set: { activeTeamId: teamId } });
}

/**
 * The caller's own pending invitation behind a link, or NOT_FOUND with one message: a made-up
 * token, an answered one and someone else's all read alike. An account holding the address proves
 * nothing (addresses are not verified); holding the link the owner shared does.
 */
async function ownPendingByToken(db: DbOrTx, user: { email: string }, token: string) {
  const row = await ownPending(db, user, eq(t.invitations.tokenHash, hashToken(token)));
  if (!row) throw new DomainError("NOT_FOUND", NOT_YOUR_LINK, "token");
  return row;
}

/**
 * Accepts the invitation behind the link `token`, if it is to the caller's address: they become a
 * member with the invited role, in that team now.
 */
export async function acceptInvitation(
  db: Db,
  user: { id: string; email: string },
  token: string,
  now = Date.now(),
): Promise<TeamSummary> {
  const teamId = await transaction(db, async (tx) => {
    const invitation = await ownPendingByToken(tx, user, token);
    if (invitation.expiresAt.getTime() <= now) {
      throw badInput(
        "token",
        `This invitation expired on ${isoDay(invitation.expiresAt)}: ask an owner of the team for a new one`,
      );
    }
    // Taken only while still pending, under the team's lock: a link revoked a moment ago (its
    // inviter demoted) stays revoked.
    await lockTeam(tx, invitation.teamId);
    const accepted = await tx
      .update(t.invitations)
      .set({ status: "accepted", answeredAt: new Date(now) })
      .where(and(eq(t.invitations.id, invitation.id), eq(t.invitations.status, "pending")))
      .returning({ id: t.invitations.id });
    if (accepted.length === 0) throw new DomainError("NOT_FOUND", LINK_NOT_VALID, "token");
    await join(tx, user.id, invitation.teamId, invitation.role);
    return invitation.teamId;
  });
  const team = (await listTeams(db, user.id)).find((x) => x.id === teamId);
  if (!team) throw new DomainError("NOT_FOUND", "The team you joined could not be read back");
  return team;
}

/** Declines the caller's invitation (an expired one too); answers the invitations still open. */
export async function declineInvitation(
  db: Db,
  user: { id: string; email: string },
  invitationId: string,
  now = Date.now(),
): Promise<MyInvitation[]> {
  await transaction(db, async (tx) => {
    const invitation = await ownPendingInvitation(tx, user, invitationId);
    const declined = await tx
      .update(t.invitations)
      .set({ status: "declined", answeredAt: new Date(now) })
      .where(and(eq(t.invitations.id, invitation.id), eq(t.invitations.status, "pending")))
      .returning({ id: t.invitations.id });
    if (declined.length === 0) {
      throw new DomainError("NOT_FOUND", "This invitation was answered or revoked a moment ago", "invitationId");
    }
  });
  return await myInvitations(db, user, now);
}

// ── The link ─────────────────────────────────────────────────────────────────

export interface LinkInvitation extends MyInvitation {
  /** The address invited: the link's holder signs in with it or creates its account. */
  email: string;
}

async function pendingByToken(db: DbOrTx, token: string, now: number) {
  const row = first(
    await db
      .select({
        ...myInvitationColumns,
        email: t.invitations.email,
        teamId: t.invitations.teamId,
        invitedBy: t.invitations.invitedBy,
      })
      .from(t.invitations)
      .innerJoin(t.teams, eq(t.teams.id, t.invitations.teamId))
      .leftJoin(inviter, eq(inviter.id, t.invitations.invitedBy))
      .where(
        and(
          eq(t.invitations.tokenHash, hashToken(token)),
          eq(t.invitations.status, "pending"),
          gt(t.invitations.expiresAt, new Date(now)),
        ),
      ),
  );
  if (!row) throw new DomainError("NOT_FOUND", LINK_NOT_VALID, "token");
  return row;
}

/**
 * What an invitation link offers, for anyone holding it (the link is the invitee's credential).
 * It names the invited address but never whether that address has an account.
 */
export async function invitationByToken(db: DbOrTx, token: string, now = Date.now()): Promise<LinkInvitation> {
  const { id, teamName, role, invitedByName, expiresAt, email } = await pendingByToken(db, token, now);
  return { id, teamName, role, invitedByName, expiresAt, email };
}

export interface InvitedAccount {
  email: string;
  team: TeamSummary;
}

/**
 * Creates the account of an invited address through its link, and accepts the invitation with it:
 * the only way to an account besides the very first. Limited per inviter and server-wide, so no
 * one mints accounts by the hundred. The account is created without a session; the page signs in after.
 */
export async function signUpWithInvitation(
  db: Db,
  input: { token: string; name: string; password: string },
  now = Date.now(),
): Promise<InvitedAccount> {
  const invitation = await pendingByToken(db, input.token, now);
  const { email } = invitation;
  const accountExists = async () =>
    first(await db.select({ id: t.user.id }).from(t.user).where(eq(t.user.email, email)));
  // Only the holder of the link learns this, and only by trying to create the account.
  const taken = () =>
    new DomainError(
      "CONFLICT",
      `An account already uses ${email}: sign in with it to accept, or, if you never created it, tell the person who invited you.`,
    );
  if (await accountExists()) throw taken();
  const key = invitedAccountsKey(invitation.invitedBy, invitation.teamId);

  // Claim the invitation first, so two submissions of one link cannot make two accounts or members.
  await transaction(db, async (tx) => {
    // Each hit is taken as it is checked (one statement), so links used at once on several
    // instances cannot all pass; a refusal rolls back the other hit with the transaction.
    await spendOrRefuse(
      tx,
      key,
      INVITED_ACCOUNTS_LIMIT,
      "Too many accounts were created through this team's invitations in the last hour",
      now,
    );
    await spendOrRefuse(
      tx,
      ALL_INVITED_ACCOUNTS_KEY,
      ALL_INVITED_ACCOUNTS_LIMIT,
      "Too many accounts were created on this server in the last hour",
      now,
    );
    const claimed = await tx
      .update(t.invitations)
      .set({ status: "accepted", answeredAt: new Date(now) })
      .where(and(eq(t.invitations.id, invitation.id), eq(t.invitations.status, "pending")))
      .returning({ id: t.invitations.id });
    if (claimed.length === 0) throw new DomainError("NOT_FOUND", LINK_NOT_VALID, "token");
  });

  let userId: string;
  try {
    // better-auth's own adapter (its hashing, its hooks), without signing anyone in here.
    userId = await asProvisioning(async () => {
      const auth = await getAuth().$context;
      const hash = await auth.password.hash(input.password);
      const created = await auth.internalAdapter.createUser(
        { email, name: input.name, emailVerified: false },
        { method: "email-password" },
      );
      try {
        await auth.internalAdapter.linkAccount({
          userId: created.id,
          providerId: "credential",
          accountId: created.id,
          password: hash,
        });
      } catch (error) {
        // An account without a password could never sign in, yet would hold the address.
        await auth.internalAdapter.deleteUser(created.id);
        throw error;
      }
      return created.id;
    });
  } catch (error) {
    // Nothing half-done: the link works again, and the address may have been taken meanwhile.
    await transaction(db, async (tx) => {
      await tx
        .update(t.invitations)
        .set({ status: "pending", answeredAt: null })
        .where(eq(t.invitations.id, invitation.id));
    });
    if (await accountExists()) throw taken();
    throw error;
  }
  await transaction(db, async (tx) => await join(tx, userId, invitation.teamId, invitation.role));
  const team = (await listTeams(db, userId)).find((x) => x.id === invitation.teamId);
  if (!team) throw new DomainError("NOT_FOUND", "The team you joined could not be read back");
  return { email, team };
}
