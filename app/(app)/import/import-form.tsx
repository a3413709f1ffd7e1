"use client";
// Uploads the chosen file to POST /api/assessments/import and opens the new assessment, or shows
// the server's reason (naming the field of the file at fault) beside the input.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FileField } from "@/app/components/file-field";
import type { RouteErrorBody } from "@/shared/errors";
import { formatMegabytes } from "@/shared/format";

type ImportError = RouteErrorBody["error"];

/** The message to show for a refused import; the route's messages already start with the field. */
export function importErrorText(error: ImportError): string {
  if (!error.field || error.field === "file" || error.message.startsWith(`${error.field}:`)) return error.message;
  return `${error.field}: ${error.message}`;
}

export async function readImportError(res: Response): Promise<ImportError> {
  try {
    const body = (await res.json()) as Partial<RouteErrorBody>;
    if (body.error?.message) return body.error;
  } catch {
    // Not our JSON (a proxy's page, say): fall through to the status.
  }
  return { message: `The server refused the import (HTTP ${res.status}). Nothing was written.` };
}

export function ImportForm({ teamId, limitBytes }: { teamId: string; limitBytes: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limitMb = Math.round(limitBytes / 1024 / 1024);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    if (!file) {
      setError("Choose a JSON file exported from Signpost");
      return;
    }
    if (file.size > limitBytes) {
      // The server's words for the same refusal (413), before sending megabytes it would refuse.
      setError(`The file is ${formatMegabytes(file.size)}; an import takes at most ${limitMb} MB`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/assessments/import?teamId=${encodeURIComponent(teamId)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: file,
      });
      if (res.status === 201) {
        const created = (await res.json()) as { id: string; title: string };
        router.push(`/assessments/${created.id}`);
        return;
      }
      setError(importErrorText(await readImportError(res)));
    } catch {
      setError("The server could not be reached. Nothing was written; try again.");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="card space-y-4 p-5" noValidate>
      <FileField
        id="import-file"
        name="file"
        label="Signpost JSON export"
        error={error}
        hint={`A .json file of at most ${limitMb} MB, exported from this or another Signpost installation.`}
        accept=".json,application/json"
        onFile={(chosen) => {
          setFile(chosen);
          setError(null);
        }}
      />
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
        {file ? (
          <span className="text-sm text-slate-600">
            {file.name} · {(file.size / 1024).toFixed(0)} KB
          </span>
        ) : null}
      </div>
    </form>
  );
}
