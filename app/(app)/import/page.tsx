// Import a Signpost JSON export into the active team as a new assessment (analysts and owners).
import { redirect } from "next/navigation";
import { ViewerRefusal } from "@/app/components/viewer-refusal";
import { serverCaller } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import { IMPORT_LIMIT_BYTES } from "@/server/export/import-limit";
import { ImportForm } from "./import-form";
import { SheetImport } from "./sheet-import";

export const metadata = { title: "Import an assessment" };

export default async function ImportPage() {
  await requirePageUser();
  const team = (await (await serverCaller()).teams.mine()).active;
  if (!team) redirect("/");
  if (team.role === "viewer") return <ViewerRefusal action="import assessments" teamName={team.name} />;
  return (
    <div className="mx-auto max-w-5xl space-y-10">
      <section className="max-w-2xl">
        <h1 className="mb-1 text-2xl font-semibold tracking-tight">Import an assessment</h1>
        <p className="mb-5 text-sm text-slate-600">
          Into {team.name}, as a new assessment with its whole history, baselines and comments. Use a JSON file exported
          from Signpost (Export → JSON). A file that does not check out is refused whole: nothing is written.
        </p>
        <ImportForm teamId={team.id} limitBytes={IMPORT_LIMIT_BYTES} />
      </section>
      <section>
        <h2 className="mb-1 text-xl font-semibold tracking-tight">Bring a matrix in from a spreadsheet</h2>
        <p className="mb-5 text-sm text-slate-600">
          A Signpost workbook, or an ACH matrix from PARC ACH, Open Source ACH, Open Synthesis or a plain sheet. You see
          how it maps before anything is saved, and can change any rating or weight.
        </p>
        <SheetImport teamId={team.id} limitBytes={IMPORT_LIMIT_BYTES} />
      </section>
    </div>
  );
}
