"use client";
// The brief's toolbar (hidden in print): which moment to brief and which baseline to measure the
// changes from, both kept in the URL (`?seq=`/`?at=` and `?compareTo=`), then print or export what is shown.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { UtcDateTimeInput } from "@/app/components/date-inputs";
import { ExportMenu, type ExportMoment } from "@/app/components/export-menu";
import { utcInputValue } from "@/shared/format";
import { briefHref, type ComparedMoment, utcInputToIso } from "@/shared/moment";

export interface BaselineOption {
  id: string;
  label: string;
  /** Set after the moment shown: there is nothing to compare with yet. */
  later: boolean;
}

export function BriefControls(props: {
  assessmentId: string;
  baselines: BaselineOption[];
  /** The `?compareTo=` of the URL, "" for the latest baseline before the moment. */
  compareTo: string;
  /** The moment of the URL (`?seq=` or `?at=`), null for now. */
  moment: ComparedMoment | null;
  /** The moment the brief describes, epoch ms. */
  shownAt: number;
  exportMoment: ExportMoment;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [draft, setDraft] = useState(utcInputValue(props.shownAt));
  const [error, setError] = useState<string | null>(null);
  const ids = { baseline: useId(), asOf: useId(), error: useId() };

  const go = (next: { moment: ComparedMoment | null; compareTo: string }) => {
    startTransition(() => router.push(briefHref(props.assessmentId, next.moment ?? undefined, next.compareTo)));
  };

  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-3 print:hidden">
      <div>
        <label htmlFor={ids.baseline} className="field-label">
          Changes since
        </label>
        <select
          id={ids.baseline}
          className="input w-auto min-w-72 max-w-md"
          value={props.compareTo}
          disabled={pending}
          onChange={(e) => go({ moment: props.moment, compareTo: e.target.value })}
        >
          <option value="">
            {props.baselines.length ? "Latest baseline before the moment" : "No baselines yet: whole history"}
          </option>
          {props.baselines.map((b) => (
            <option key={b.id} value={b.id} disabled={b.later}>
              {b.label}
              {b.later ? " (after the moment shown)" : ""}
            </option>
          ))}
        </select>
      </div>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const iso = utcInputToIso(draft);
          if (!iso) {
            setError("As of: give the date and time as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 18:00");
            return;
          }
          setError(null);
          go({ moment: { at: iso }, compareTo: props.compareTo });
        }}
      >
        <div>
          <label htmlFor={ids.asOf} className="field-label">
            As of (UTC, YYYY-MM-DD HH:MM)
          </label>
          <UtcDateTimeInput
            id={ids.asOf}
            className="input w-56"
            value={draft}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
            onChange={setDraft}
          />
        </div>
        <button type="submit" className="btn-secondary" disabled={pending}>
          Show
        </button>
        {props.moment ? (
          <button
            type="button"
            className="btn-secondary"
            disabled={pending}
            onClick={() => go({ moment: null, compareTo: props.compareTo })}
          >
            Back to now
          </button>
        ) : null}
      </form>
      <div className="ml-auto flex items-center gap-2">
        <button type="button" className="btn-secondary" onClick={() => window.print()}>
          Print
        </button>
        <ExportMenu assessmentId={props.assessmentId} {...props.exportMoment} />
      </div>
      {error ? (
        <p id={ids.error} role="alert" className="field-error basis-full">
          {error}
        </p>
      ) : null}
    </div>
  );
}
