import { redirect } from "next/navigation";
import { pageActiveTeam, requirePageUser } from "@/server/auth/pages";
import { NewAssessmentForm } from "./new-assessment-form";

export const metadata = { title: "New assessment" };

export default async function NewAssessmentPage() {
  const user = await requirePageUser();
  const team = pageActiveTeam(user.id);
  if (!team) redirect("/");
  if (team.role === "viewer") {
    return (
      <div className="card p-6" role="alert">
        <h1 className="text-lg font-semibold">Viewers cannot create assessments</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your role in {team.name} is viewer: ask an owner to make you an analyst.
        </p>
      </div>
    );
  }
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
