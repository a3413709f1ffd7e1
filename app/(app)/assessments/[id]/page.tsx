import { getQueryClient, HydrateClient, trpc } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { Workspace } from "./workspace/workspace";

export const metadata = { title: "Assessment" };

export default async function AssessmentPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  await getQueryClient().prefetchQuery(trpc.assessments.get.queryOptions({ assessmentId: id }));
  return (
    <HydrateClient>
      <Workspace assessmentId={id} />
    </HydrateClient>
  );
}
