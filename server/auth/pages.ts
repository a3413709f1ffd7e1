import "server-only";
// Guards for server pages: first run leads to account creation, signed-out users to sign-in.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/connection";
import { type SessionUser, sessionUser } from "@/server/auth";
import { buildBrief } from "@/server/export/brief";
import { baselinesFor } from "@/server/history/baselines";
import { userCount } from "@/server/teams/first-account";
import { activeTeam, listTeams, type TeamSummary } from "@/server/teams/teams";

export async function requirePageUser(): Promise<SessionUser> {
  if (userCount(getDb()) === 0) redirect("/setup");
  const user = await sessionUser(await headers());
  if (!user) redirect("/sign-in");
  return user;
}

export async function currentPageUser(): Promise<SessionUser | null> {
  return sessionUser(await headers());
}

// ── Reads for server pages, bound to the process's database so app/ never touches db/ ──

export function isFirstRun(): boolean {
  return userCount(getDb()) === 0;
}

export function pageTeams(userId: string): { teams: TeamSummary[]; active: TeamSummary | null } {
  const db = getDb();
  return { teams: listTeams(db, userId), active: activeTeam(db, userId) };
}

export function pageActiveTeam(userId: string): TeamSummary | null {
  return activeTeam(getDb(), userId);
}

export function pageBrief(userId: string, assessmentId: string, options: Parameters<typeof buildBrief>[3]) {
  return buildBrief(getDb(), userId, assessmentId, options);
}

export function pageBaselines(userId: string, assessmentId: string) {
  return baselinesFor(getDb(), userId, assessmentId);
}
