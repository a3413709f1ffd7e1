// The assessments of the current team, below any invitations waiting for the user's answer.
import Link from "next/link";
import { OpenRounds } from "@/app/components/open-rounds";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { AssessmentList } from "./assessment-list";
import { PendingInvitations } from "./pending-invitations";

export const metadata = { title: "Assessments" };

export default async function AssessmentsPage() {
  await requirePageUser();
  const team = (await (await serverCaller()).teams.mine()).active;
  await Promise.all([
    getQueryClient().prefetchQuery(trpc.teams.myInvitations.queryOptions()),
    getQueryClient().prefetchQuery(trpc.rounds.mine.queryOptions()),
  ]);
  if (!team) {
    return (
      <HydrateClient>
        <PendingInvitations />
        <div className="card p-6">
          <h1 className="text-lg font-semibold">You are not in a team yet</h1>
          <p className="mt-1 text-sm text-slate-600">Ask an owner to invite you, or create a team on the Team page.</p>
        </div>
      </HydrateClient>
    );
  }
  await getQueryClient().prefetchQuery(trpc.assessments.list.queryOptions({ teamId: team.id }));
  const canEdit = team.role !== "viewer";
  return (
    <HydrateClient>
      <PendingInvitations />
      <OpenRounds />
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Assessments</h1>
          <p className="text-sm text-slate-600">
            {team.name} · you are {team.role === "viewer" ? "a viewer" : `an ${team.role}`}
          </p>
        </div>
        {canEdit ? (
          <div className="flex gap-2">
            <Link href="/import" className="btn-secondary">
              Import
            </Link>
            <Link href="/assessments/new" className="btn-primary">
              New assessment
            </Link>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Viewers read, comment and export; analysts and owners create.</p>
        )}
      </div>
      <AssessmentList teamId={team.id} staleAfterDays={team.staleAfterDays} canEdit={canEdit} />
    </HydrateClient>
  );
}
