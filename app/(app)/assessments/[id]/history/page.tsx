// The history tab: the probability timeline, every change in a filterable list, jump to a moment
// and the baselines. The server prefetches the default view (all time) so it renders at once.
import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { CHANGE_PAGE_SIZE, JOIN_LIMIT } from "./history-data";
import { HistoryView } from "./history-view";

export const metadata = { title: "History" };

export default async function HistoryPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.history.changes.queryOptions({ assessmentId: id, limit: 1 })),
    queryClient.prefetchQuery(trpc.history.timeline.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.history.changes.queryOptions({ assessmentId: id, limit: JOIN_LIMIT })),
    queryClient.prefetchQuery(trpc.history.changes.queryOptions({ assessmentId: id, limit: CHANGE_PAGE_SIZE })),
    queryClient.prefetchQuery(trpc.history.facets.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.history.baselines.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.rounds.list.queryOptions({ assessmentId: id })),
  ]);
  return (
    <HydrateClient>
      <HistoryView assessmentId={id} />
    </HydrateClient>
  );
}
