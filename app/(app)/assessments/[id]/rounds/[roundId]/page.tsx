// One team round: the participant's private copy, the group view once they may see it (heat map,
// disputes, pooled call with its range, convergence), and the facilitator's next steps.
import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { RoundView } from "./round-view";

export const metadata = { title: "Team round" };

export default async function RoundPage({ params }: { params: Promise<{ id: string; roundId: string }> }) {
  await requirePageUser();
  const { id, roundId } = await params;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.rounds.get.queryOptions({ assessmentId: id, roundId })),
  ]);
  return (
    <HydrateClient>
      <RoundView assessmentId={id} roundId={roundId} />
    </HydrateClient>
  );
}
