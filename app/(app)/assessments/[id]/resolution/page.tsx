// Resolution of an assessment: the form to resolve it while active (analysts and owners), and
// once resolved the scorecard, the resolved scenario's probability over time and the post-mortem.
import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { ResolutionView } from "./resolution-view";

export const metadata = { title: "Resolution" };

export default async function ResolutionPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const queryClient = getQueryClient();
  const view = await queryClient.fetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id })).catch(() => null);
  if (view?.state.status === "resolved") {
    await queryClient.prefetchQuery(trpc.history.score.queryOptions({ assessmentId: id }));
  }
  return (
    <HydrateClient>
      <ResolutionView assessmentId={id} />
    </HydrateClient>
  );
}
