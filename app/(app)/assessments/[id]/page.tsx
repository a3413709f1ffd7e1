import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { readMomentQuery } from "@/shared/moment";
import { MomentRefused } from "./moment-refused";
import { Workspace } from "./workspace/workspace";

export const metadata = { title: "Assessment" };

/** `?seq=12`, `?at=2024-12-12T08:00:00Z` or `?baseline=<id>` show that moment, read-only (shared/moment.ts). */
export default async function AssessmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const { id } = await params;
  const query = readMomentQuery(await searchParams);
  if (!query.ok) {
    return (
      <MomentRefused
        assessmentId={id}
        current="workspace"
        message={query.error}
        now={{ href: `/assessments/${id}`, label: "Open the assessment as it is now" }}
      />
    );
  }
  const asOf = query.moment;
  if (asOf) await getQueryClient().prefetchQuery(trpc.history.asOf.queryOptions({ assessmentId: id, moment: asOf }));
  else await getQueryClient().prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id }));
  return (
    <HydrateClient>
      <Workspace assessmentId={id} asOf={asOf} />
    </HydrateClient>
  );
}
