// The first account on a fresh install owns the default team, which holds the demo assessment.

import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/schema";

export const DEFAULT_TEAM_NAME = "Analysis team";

export function onFirstAccount(db: Db, userId: string): void {
  db.transaction((tx) => {
    const users = tx.select({ n: count() }).from(t.user).get()?.n ?? 0;
    if (users !== 1) return;
    let team = tx.select({ id: t.teams.id }).from(t.teams).orderBy(asc(t.teams.createdAt)).limit(1).get();
    if (!team) {
      team = { id: crypto.randomUUID() };
      tx.insert(t.teams).values({ id: team.id, name: DEFAULT_TEAM_NAME }).run();
    }
    const already = tx.select().from(t.members).where(eq(t.members.userId, userId)).get();
    if (!already) tx.insert(t.members).values({ teamId: team.id, userId, role: "owner" }).run();
    tx.insert(t.userState).values({ userId, activeTeamId: team.id }).onConflictDoNothing().run();
  });
}

export async function userCount(db: Db): Promise<number> {
  return first(await db.select({ n: count() }).from(t.user))?.n ?? 0;
}
