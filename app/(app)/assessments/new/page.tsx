import { redirect } from "next/navigation";
import { ViewerRefusal } from "@/app/components/viewer-refusal";
import { serverCaller } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { NewAssessmentForm } from "./new-assessment-form";

export const metadata = { title: "New assessment" };

export default async function NewAssessmentPage() {
  await requirePageUser();
  const team = (await (await serverCaller()).teams.mine()).active;
  if (!team) redirect("/");
  if (team.role === "viewer") return <ViewerRefusal action="create assessments" teamName={team.name} />;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">New assessment</h1>
      <p className="mb-5 text-sm text-slate-600">
        In {team.name}. Frame the question, then define competing scenarios that are mutually exclusive and together
        exhaustive.
      </p>
      <NewAssessmentForm teamId={team.id} />
    </div>
  );
}
