"use client";
// The "Export" button of an assessment: plain links to GET /api/assessments/{id}/export in each
// format, carrying the moment and baseline the page shows so the file says what the screen says.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { formatUtc } from "@/shared/format";
import { comparedMomentQuery } from "@/shared/moment";

export interface ExportMoment {
  /** ISO date-time of the moment shown; absent for now. */
  at?: string | undefined;
  /** The baseline the changes are measured from; absent for the latest one before the moment. */
  compareTo?: string | undefined;
}

const FORMATS = [
  { label: "PDF", hint: "the brief, ready to send", format: "pdf" },
  { label: "Word (.docx)", hint: "the brief, editable", format: "docx" },
  { label: "PowerPoint (.pptx)", hint: "the brief as slides, editable charts", format: "pptx" },
  { label: "Markdown", hint: "the brief as plain text", format: "md" },
  { label: "JSON", hint: "whole assessment and history, for import", format: "json" },
  { label: "Excel workbook (.xlsx)", hint: "matrix, evidence and history; re-importable", format: "xlsx" },
  { label: "CSV — indicator matrix", hint: "for a spreadsheet", format: "csv", table: "matrix" },
  { label: "CSV — evidence", hint: "for a spreadsheet", format: "csv", table: "evidence" },
] as const;

/** The export route's address for one format at the given moment. */
export function exportHref(
  assessmentId: string,
  format: string,
  moment: ExportMoment = {},
  table?: "matrix" | "evidence",
): string {
  const query = new URLSearchParams({ format });
  if (table) query.set("table", table);
  for (const [name, value] of comparedMomentQuery(moment.at ? { at: moment.at } : undefined, moment.compareTo)) {
    query.set(name, value);
  }
  return `/api/assessments/${encodeURIComponent(assessmentId)}/export?${query.toString()}`;
}

export function ExportMenu({ assessmentId, ...moment }: { assessmentId: string } & ExportMoment) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="btn-secondary print:hidden">
          Export <span aria-hidden>▾</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          className="z-50 min-w-[16rem] rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
          sideOffset={4}
          align="end"
        >
          {moment.at ? (
            <DropdownMenu.Label className="px-2 py-1 text-xs text-slate-500">
              As of {formatUtc(Date.parse(moment.at))}
            </DropdownMenu.Label>
          ) : null}
          {FORMATS.map((f) => (
            <DropdownMenu.Item key={f.label} asChild>
              <a
                href={exportHref(assessmentId, f.format, moment, "table" in f ? f.table : undefined)}
                className="menu-item flex items-baseline justify-between gap-4 text-slate-800"
              >
                <span>{f.label}</span>
                <span className="text-xs text-slate-600">{f.hint}</span>
              </a>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
