// Every signed-in page: guarded by the session, framed by the header.
import type { ReactNode } from "react";
import { AppHeader } from "@/app/components/app-header";
import { serverCaller } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { teams, active } = await (await serverCaller()).teams.mine();
  return (
    <>
      <AppHeader user={user} teams={teams} active={active} />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </>
  );
}
