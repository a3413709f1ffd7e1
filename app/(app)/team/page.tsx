import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { TeamCalibration } from "./calibration";
import { TeamAdmin } from "./team-admin";

export const metadata = { title: "Team" };

export default async function TeamPage() {
  const user = await requirePageUser();
  const team = (await (await serverCaller()).teams.mine()).active;
  if (team) await getQueryClient().prefetchQuery(trpc.teams.members.queryOptions({ teamId: team.id }));
  if (team) await getQueryClient().prefetchQuery(trpc.history.calibration.queryOptions({ teamId: team.id }));
  if (team?.role === "owner") {
    await getQueryClient().prefetchQuery(trpc.teams.invitations.queryOptions({ teamId: team.id }));
  }
  return (
    <HydrateClient>
      <TeamAdmin team={team} currentUserId={user.id} />
      {team ? <TeamCalibration teamId={team.id} /> : null}
    </HydrateClient>
  );
}
