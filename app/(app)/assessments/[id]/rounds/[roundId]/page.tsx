// One team round: the participant's private copy, the group view once they may see it (heat map,
// disputes, pooled call with its range, convergence), and the facilitator's next steps.
import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { judges } from "./round-shared";
import { RoundView } from "./round-view";

export const metadata = { title: "Team round" };

export default async function RoundPage({ params }: { params: Promise<{ id: string; roundId: string }> }) {
  await requirePageUser();
  const { id, roundId } = await params;
  const queryClient = getQueryClient();
  const [round] = await Promise.all([
    queryClient.fetchQuery(trpc.rounds.get.queryOptions({ assessmentId: id, roundId })).catch(() => null),
    queryClient.prefetchQuery(trpc.rounds.sharedMatrix.queryOptions({ assessmentId: id })),
  ]);
  // The whole assessment (evidence included) only for the private copy: see judges().
  if (round && judges(round)) await queryClient.prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id }));
  return (
    <HydrateClient>
      <RoundView assessmentId={id} roundId={roundId} />
    </HydrateClient>
  );
}
