// Compare two moments of an assessment (`?from=baseline:<id>&to=now`, `seq:<n>`, `at:<ISO>`, read
// by shared/moment.ts): the latest baseline against now unless the URL names other moments.
import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { CHANGES_PAGE_MAX } from "@/shared/limits";
import { parseMomentParam } from "@/shared/moment";
import { compareInput } from "./compare-data";
import { CompareView } from "./compare-view";

export const metadata = { title: "Compare" };

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const { id } = await params;
  const query = await searchParams;
  const from = parseMomentParam(query.from, "from");
  const to = parseMomentParam(query.to, "to");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.history.baselines.queryOptions({ assessmentId: id })),
    queryClient.prefetchQuery(trpc.history.changes.queryOptions({ assessmentId: id, limit: CHANGES_PAGE_MAX })),
    from.ok && to.ok
      ? queryClient.prefetchQuery(trpc.history.compare.queryOptions(compareInput(id, from.ref, to.ref)))
      : null,
  ]);
  return (
    <HydrateClient>
      <CompareView assessmentId={id} from={from} to={to} />
    </HydrateClient>
  );
}
