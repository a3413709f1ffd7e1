// The first account on a fresh install owns the default team, which holds the demo assessment.

import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/connection";
import { lockSetup } from "@/db/dialect";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";

export const DEFAULT_TEAM_NAME = "Analysis team";

export async function onFirstAccount(db: Db, userId: string): Promise<void> {
  await transaction(db, async (tx) => {
    // One first account, even when two sign up at the same moment on two instances: they take
    // turns here, and only the one who finds no member anywhere becomes the owner.
    await lockSetup(tx);
    const members = first(await tx.select({ n: count() }).from(t.members))?.n ?? 0;
    if (members > 0) return;
    let team = first(await tx.select({ id: t.teams.id }).from(t.teams).orderBy(asc(t.teams.createdAt)).limit(1));
    if (!team) {
      team = { id: crypto.randomUUID() };
      await tx.insert(t.teams).values({ id: team.id, name: DEFAULT_TEAM_NAME });
    }
    const already = first(await tx.select().from(t.members).where(eq(t.members.userId, userId)));
    if (!already) await tx.insert(t.members).values({ teamId: team.id, userId, role: "owner" });
    await tx.insert(t.userState).values({ userId, activeTeamId: team.id }).onConflictDoNothing();
  });
}

export async function userCount(db: Db): Promise<number> {
  return first(await db.select({ n: count() }).from(t.user))?.n ?? 0;
}
