"use client";
// The changes made between the two moments, grouped by what they touched.
import Link from "next/link";
import { useId, useState } from "react";
import { PersonName } from "@/app/components/person-name";
import { formatDayTime } from "@/shared/format";
import type { ChangeEntryLike, ChangeGroup } from "./compare-data";
import { H2 } from "./compare-shared";

const SHOWN_PER_TARGET = 6;

export function ChangesBetween({
  assessmentId,
  groups,
}: {
  assessmentId: string;
  groups: ChangeGroup<ChangeEntryLike>[];
}) {
  const uid = useId();
  const total = groups.reduce((n, g) => n + g.count, 0);
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Changes between them ({total})
      </h2>
      {total === 0 ? (
        <p className="mt-2 text-sm text-slate-500">Nothing was changed between these two moments.</p>
      ) : (
        <div className="mt-3 grid gap-5 lg:grid-cols-2">
          {groups.map((g) => (
            <section key={g.key} aria-labelledby={`${uid}-${g.key}`} className="min-w-0">
              <h3 id={`${uid}-${g.key}`} className="text-sm font-semibold text-slate-800">
                {g.label} <span className="font-normal text-slate-500">({g.count})</span>
              </h3>
              <ul className="mt-2 space-y-3">
                {g.targets.map((t) => (
                  <ChangeTargetItem key={t.id} assessmentId={assessmentId} name={t.name} entries={t.entries} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function ChangeTargetItem({
  assessmentId,
  name,
  entries,
}: {
  assessmentId: string;
  name: string;
  entries: ChangeEntryLike[];
}) {
  const [all, setAll] = useState(false);
  const shown = all ? entries : entries.slice(0, SHOWN_PER_TARGET);
  return (
    <li className="rounded-md border border-slate-200 p-2.5">
      <p className="text-sm font-medium text-slate-900">{name}</p>
      <ol className="mt-1 space-y-1.5">
        {shown.map((e) => (
          <li key={e.seq} className="text-xs">
            <p className="text-slate-800">{e.summary}</p>
            <p className="text-slate-500">
              <Link
                className="underline decoration-slate-300 hover:text-slate-800"
                href={`/assessments/${assessmentId}?seq=${e.seq}`}
              >
                #{e.seq}
              </Link>{" "}
              · <PersonName person={e.actor} /> ·{" "}
              <time dateTime={new Date(e.at).toISOString()}>{formatDayTime(e.at)}</time>
            </p>
            {e.rationale ? <p className="mt-0.5 text-slate-600 italic">“{e.rationale}”</p> : null}
          </li>
        ))}
      </ol>
      {entries.length > SHOWN_PER_TARGET ? (
        <button type="button" className="mt-1.5 text-xs text-blue-800 underline" onClick={() => setAll(!all)}>
          {all ? "Show fewer" : `Show all ${entries.length} changes`}
        </button>
      ) : null}
    </li>
  );
}
