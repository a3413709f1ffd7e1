import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { Workspace } from "./workspace/workspace";
import type { MomentRef } from "./workspace/workspace-context";

export const metadata = { title: "Assessment" };

/** `?seq=12`, `?at=2024-12-12T08:00:00Z` or `?baseline=<id>` show that moment, read-only. */
function momentFrom(params: Record<string, string | string[] | undefined>): MomentRef | undefined {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const seq = one(params.seq);
  const at = one(params.at);
  const baseline = one(params.baseline);
  if (seq && /^\d+$/.test(seq)) return { seq: Number(seq) };
  if (at) return { at };
  if (baseline) return { baselineId: baseline };
  return undefined;
}

export default async function AssessmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const { id } = await params;
  const asOf = momentFrom(await searchParams);
  if (asOf) await getQueryClient().prefetchQuery(trpc.history.asOf.queryOptions({ assessmentId: id, moment: asOf }));
  else await getQueryClient().prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id }));
  return (
    <HydrateClient>
      <Workspace assessmentId={id} asOf={asOf} />
    </HydrateClient>
  );
}
