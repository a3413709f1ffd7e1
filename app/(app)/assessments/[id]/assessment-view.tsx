"use client";
// The assessment at a glance: the question, each scenario's probability in numbers, words and a
// chart, the indicator matrix and the evidence behind it.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ProbabilityChart } from "@/app/components/probability-chart";
import { useTRPC } from "@/app/trpc/client";
import { CREDIBILITY, evidenceAccuracy, RATINGS, RELIABILITY } from "@/server/engine";

const pct = (p: number) => `${(p * 100).toFixed(p < 0.1 ? 1 : 0)} %`;

const RATING_STYLE: Record<string, string> = {
  highly_likely: "bg-emerald-700 text-white",
  likely: "bg-emerald-100 text-emerald-900",
  could: "bg-slate-100 text-slate-800",
  unlikely: "bg-rose-100 text-rose-900",
  highly_unlikely: "bg-rose-700 text-white",
};

export function AssessmentView({ assessmentId }: { assessmentId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  if (query.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (query.isError) {
    return (
      <div role="alert" className="card p-6">
        <h1 className="text-lg font-semibold">This assessment cannot be shown</h1>
        <p className="mt-1 text-sm text-slate-600">{query.error.message}</p>
        <Link href="/" className="btn-secondary mt-4">
          Back to assessments
        </Link>
      </div>
    );
  }
  const { state, result, role } = query.data;
  const active = state.scenarios.filter((s) => !s.archived);
  const indicatorName = new Map(state.indicators.map((i) => [i.id, i.name]));

  return (
    <div className="space-y-6">
      <section aria-labelledby="title">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          {state.handling || "No handling marking"}
        </p>
        <h1 id="title" className="mt-1 text-2xl font-semibold tracking-tight">
          {state.title}
        </h1>
        <p className="mt-1 text-slate-700">{state.keyQuestion}</p>
        <p className="mt-1 text-sm text-slate-500">
          Horizon {state.horizon} · analytic confidence <strong className="text-slate-700">{state.confidence}</strong> ·
          status {state.status} · version {state.version}
          {role === "viewer" ? " · read-only (viewer)" : ""}
        </p>
      </section>

      <section aria-labelledby="scenarios-heading" className="grid gap-4 lg:grid-cols-[1fr_1fr]">
        <div className="card p-4">
          <h2 id="scenarios-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">
            Scenarios
          </h2>
          <ul className="space-y-3">
            {active.map((s) => {
              const p = result.probabilities[s.id] ?? 0;
              return (
                <li key={s.id} className="flex items-start gap-3">
                  <span className="mt-1.5 h-3 w-3 shrink-0 rounded-full" style={{ background: s.color }} aria-hidden />
                  <div className="min-w-0 flex-1">
                    <div className="flex items-baseline justify-between gap-2">
                      <span className="font-medium">{s.name}</span>
                      <span className="tabular-nums text-lg font-semibold" data-testid={`probability-${s.id}`}>
                        {pct(p)}
                      </span>
                    </div>
                    <p className="text-sm text-slate-600">
                      <span className="font-medium text-slate-800">{result.terms[s.id]}</span>, with {state.confidence}{" "}
                      confidence
                    </p>
                    {s.description ? <p className="mt-0.5 text-xs text-slate-500">{s.description}</p> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
        <div className="card p-4">
          <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">Probabilities</h2>
          <ProbabilityChart
            scenarios={active.map((s) => ({
              id: s.id,
              name: s.name,
              color: s.color,
              probability: result.probabilities[s.id] ?? 0,
            }))}
          />
        </div>
      </section>

      <section aria-labelledby="matrix-heading" className="card overflow-x-auto p-4">
        <h2 id="matrix-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Indicator matrix
        </h2>
        <table className="w-full min-w-[720px] text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th className="py-2 pr-3 font-medium">Indicator</th>
              {active.map((s) => (
                <th key={s.id} className="px-2 py-2 font-medium">
                  {s.name}
                </th>
              ))}
              <th className="px-2 py-2 font-medium">Weight</th>
              <th className="px-2 py-2 font-medium">Presence</th>
              <th className="px-2 py-2 font-medium">Diagnosticity</th>
            </tr>
          </thead>
          <tbody>
            {state.indicators.map((ind) => {
              const d = result.diagnosticity[ind.id] ?? 0;
              return (
                <tr key={ind.id} className="border-b border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    {ind.name}
                    <span className="block text-xs font-normal text-slate-500">{ind.description}</span>
                  </th>
                  {active.map((s) => {
                    const e = ind.expectations[s.id];
                    const label = typeof e === "number" ? pct(e) : e ? RATINGS[e].label : "—";
                    return (
                      <td key={s.id} className="px-2 py-2">
                        <span
                          className={`inline-block rounded px-2 py-0.5 text-xs ${typeof e === "string" ? RATING_STYLE[e] : "bg-slate-100"}`}
                        >
                          {label}
                        </span>
                      </td>
                    );
                  })}
                  <td className="px-2 py-2 tabular-nums">{Math.round(ind.weight * 100)} %</td>
                  <td className="px-2 py-2 tabular-nums">{pct(result.presence[ind.id] ?? 0.5)}</td>
                  <td className="px-2 py-2 tabular-nums">
                    {d === 0 ? (
                      <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">non-diagnostic</span>
                    ) : (
                      `${d.toFixed(2)} bits`
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="evidence-heading" className="card overflow-x-auto p-4">
        <h2 id="evidence-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Evidence ({state.evidence.length})
        </h2>
        <table className="w-full min-w-[720px] text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th className="py-2 pr-3 font-medium">Title</th>
              <th className="px-2 py-2 font-medium">Source</th>
              <th className="px-2 py-2 font-medium">Grade</th>
              <th className="px-2 py-2 font-medium">Observed</th>
              <th className="px-2 py-2 font-medium">Bears on</th>
            </tr>
          </thead>
          <tbody>
            {state.evidence.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-3">
                  <span className="font-medium">{e.title}</span>
                  <span className="block text-xs text-slate-500">{e.summary}</span>
                </td>
                <td className="px-2 py-2">
                  {e.sourceUrl ? (
                    <a href={e.sourceUrl} className="text-blue-800 underline" rel="noreferrer noopener" target="_blank">
                      {e.sourceName}
                    </a>
                  ) : (
                    e.sourceName
                  )}
                  <span className="block text-xs text-slate-500">{e.sourceKind.replace("_", " ")}</span>
                </td>
                <td className="px-2 py-2">
                  <abbr
                    title={`${RELIABILITY[e.reliability].label}; ${CREDIBILITY[e.credibility].label} (accuracy ${evidenceAccuracy(e.reliability, e.credibility).toFixed(2)})`}
                    className="font-mono no-underline"
                  >
                    {e.reliability}
                    {e.credibility}
                  </abbr>
                </td>
                <td className="px-2 py-2 whitespace-nowrap">{e.observedAt}</td>
                <td className="px-2 py-2">
                  <ul>
                    {Object.entries(e.links).map(([iid, dir]) => (
                      <li key={iid} className="text-xs">
                        {dir === 1 ? "▲ present: " : "▼ absent: "}
                        {indicatorName.get(iid) ?? iid}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
