"use client";
// Bringing a spreadsheet in (issue 16 §3): the chosen .xlsx or .csv goes to the sheet import's
// preview step, which writes nothing. An ACH matrix opens its mapping to adjust (./ach-preview.tsx);
// a Signpost workbook offers a new assessment, or, for the assessment it was exported from, the list
// of edits applying it would make, to confirm with a rationale. Refusals name the sheet and cell.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FileField } from "@/app/components/file-field";
import { TextField } from "@/app/components/text-field";
import type { SheetPreview, WorkbookPreview } from "@/server/export/workbook/import";
import { formatMegabytes } from "@/shared/format";
import { RATIONALE_MAX } from "@/shared/limits";
import { AchPreviewForm } from "./ach-preview";
import { importErrorText, readImportError } from "./import-form";

function sheetUrl(teamId: string, file: File, step: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ teamId, name: file.name, step, ...extra });
  return `/api/assessments/import/sheet?${query.toString()}`;
}

export function SheetImport({ teamId, limitBytes }: { teamId: string; limitBytes: number }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limitMb = Math.round(limitBytes / 1024 / 1024);

  async function look(ev: React.FormEvent) {
    ev.preventDefault();
    if (!file) {
      setError("Choose a .xlsx or .csv file with a matrix in it");
      return;
    }
    if (file.size > limitBytes) {
      setError(`The file is ${formatMegabytes(file.size)}; an import takes at most ${limitMb} MB`);
      return;
    }
    setBusy(true);
    setError(null);
    setPreview(null);
    try {
      const res = await fetch(sheetUrl(teamId, file, "preview"), { method: "POST", body: file });
      if (res.ok) setPreview((await res.json()) as SheetPreview);
      else setError(importErrorText(await readImportError(res)));
    } catch {
      setError("The server could not be reached. Nothing was written; try again.");
    }
    setBusy(false);
  }

  return (
    <div className="space-y-5">
      <form onSubmit={look} className="card space-y-4 p-5" noValidate>
        <FileField
          id="sheet-file"
          name="sheet"
          label="Spreadsheet (.xlsx or .csv)"
          error={error}
          hint={`A Signpost workbook (Export → Excel workbook), or an ACH matrix: hypotheses across, evidence down, cells CC, C, N, I, II or NA. At most ${limitMb} MB.`}
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onFile={(chosen) => {
            setFile(chosen);
            setError(null);
            setPreview(null);
          }}
        />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Reading…" : "Preview"}
          </button>
          <span className="text-sm text-slate-600">
            Templates:{" "}
            <a
              className="font-medium text-blue-800 underline"
              href="/api/assessments/import/template?layout=workbook&format=xlsx"
            >
              Signpost workbook
            </a>
            {" · "}
            <a
              className="font-medium text-blue-800 underline"
              href="/api/assessments/import/template?layout=ach&format=xlsx"
            >
              ACH matrix (.xlsx)
            </a>
            {" · "}
            <a
              className="font-medium text-blue-800 underline"
              href="/api/assessments/import/template?layout=ach&format=csv"
            >
              ACH matrix (.csv)
            </a>
          </span>
        </div>
      </form>
      {preview && file ? (
        preview.layout === "ach" ? (
          <AchPreviewForm key={file.name + file.size} teamId={teamId} preview={preview} />
        ) : (
          <WorkbookChoice key={file.name + file.size} teamId={teamId} file={file} preview={preview} />
        )
      ) : null}
    </div>
  );
}

function WorkbookChoice({ teamId, file, preview }: { teamId: string; file: File; preview: WorkbookPreview }) {
  const router = useRouter();
  const [rationale, setRationale] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { counts, target } = preview;

  async function send(step: "create" | "update") {
    if (step === "update" && !rationale.trim()) {
      setError("Say why the workbook is applied: the history keeps it with the change");
      return;
    }
    setBusy(true);
    setError(null);
    const extra: Record<string, string> =
      step === "update" && target ? { assessmentId: target.id, version: String(target.version), rationale } : {};
    try {
      const res = await fetch(sheetUrl(teamId, file, step, extra), { method: "POST", body: file });
      if (res.ok) {
        const done = (await res.json()) as { id: string };
        router.push(`/assessments/${done.id}`);
        return;
      }
      setError(importErrorText(await readImportError(res)));
    } catch {
      setError("The server could not be reached. Nothing was written; try again.");
    }
    setBusy(false);
  }

  return (
    <section className="card space-y-4 p-5" aria-label="Signpost workbook">
      <div>
        <h2 className="text-lg font-semibold">Signpost workbook: {preview.title}</h2>
        <p className="text-sm text-slate-600">
          {counts.scenarios} scenarios, {counts.indicators} indicators, {counts.evidence} evidence items and{" "}
          {counts.links} links.
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => send("create")}>
          Create a new assessment from it
        </button>
      </div>
      {target ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <h3 className="font-semibold">Or update “{target.title}”, the assessment it was exported from</h3>
          {target.problem ? (
            <p className="text-sm text-amber-900">It cannot be applied: {target.problem}</p>
          ) : target.total === 0 ? (
            <p className="text-sm text-slate-600">
              The workbook says what the assessment already says: nothing to apply.
            </p>
          ) : (
            <>
              <p className="text-sm text-slate-700">
                Applying it makes {target.total === 1 ? "this edit" : `these ${target.total} edits`}, saved as one
                change:
              </p>
              <ol
                className="max-h-72 list-decimal space-y-0.5 overflow-y-auto pl-6 text-sm"
                aria-label="What will change"
              >
                {target.sentences.map((s, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for this preview
                  <li key={k}>{s}</li>
                ))}
                {target.total > target.sentences.length ? (
                  <li className="list-none text-slate-500">…and {target.total - target.sentences.length} more</li>
                ) : null}
              </ol>
              {target.kept.indicators + target.kept.evidence > 0 ? (
                <p className="text-sm text-slate-600">
                  Kept as they are (not in the workbook): {target.kept.indicators} indicators, {target.kept.evidence}{" "}
                  evidence items.
                </p>
              ) : null}
              <TextField
                id="sheet-rationale"
                label="Why (kept with the change in the history)"
                noun="The rationale"
                max={RATIONALE_MAX}
                value={rationale}
                onChange={setRationale}
              />
              <button type="button" className="btn-primary" disabled={busy} onClick={() => send("update")}>
                Apply {target.total} {target.total === 1 ? "edit" : "edits"} to “{target.title}”
              </button>
            </>
          )}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
