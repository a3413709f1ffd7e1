// Every signed-in page: guarded by the session, framed by the header.
import type { ReactNode } from "react";
import { AppHeader } from "@/app/components/app-header";
import { getDb } from "@/db/connection";
import { requirePageUser } from "@/server/auth/pages";
import { activeTeam, listTeams } from "@/server/teams/teams";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const db = getDb();
  return (
    <>
      <AppHeader user={user} teams={listTeams(db, user.id)} active={activeTeam(db, user.id)} />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </>
  );
}
