// The team rounds of one assessment (DESIGN §2.9): every round with where it stands, and the form
// that opens one (analysts and owners). The server prefetches both so the page renders at once.
import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { RoundsIndex } from "./rounds-index";

export const metadata = { title: "Team rounds" };

export default async function RoundsPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const queryClient = getQueryClient();
  const view = await queryClient.fetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id })).catch(() => null);
  await Promise.all([
    queryClient.prefetchQuery(trpc.rounds.list.queryOptions({ assessmentId: id })),
    view ? queryClient.prefetchQuery(trpc.teams.members.queryOptions({ teamId: view.state.teamId })) : null,
  ]);
  return (
    <HydrateClient>
      <RoundsIndex assessmentId={id} />
    </HydrateClient>
  );
}
