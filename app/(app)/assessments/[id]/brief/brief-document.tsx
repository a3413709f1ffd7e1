// The brief as a page: the same content model the PDF, Word and Markdown exports render, laid out
// to read in two minutes on screen and to print on one or two A4 or Letter pages.
import { Fragment, type ReactNode } from "react";
import { LeadingBadge } from "@/app/components/leading-badge";
import { PersonName } from "@/app/components/person-name";
import type { Brief } from "@/server/export/brief";
// Links only to the web: an imported file could carry any text as a source address.
import { webUrl } from "@/shared/assessment/source-url";
import { personKey } from "@/shared/display-name";
import {
  driverEffect,
  driverSentence,
  formatNats,
  formatPointsSince,
  formatPointsSwing,
  formatProbability,
  formatUtc,
} from "@/shared/format";
import { teamRangeWords, teamSourceSentence } from "@/shared/rounds-words";
import { ScenarioBars, SinceBaselineChart } from "./brief-charts";
import { TeamRounds } from "./brief-rounds";

const CONFIDENCE: Record<Brief["confidence"], string> = {
  low: "Low",
  moderate: "Moderate",
  high: "High",
};

function Section(props: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`mt-6 print:mt-4 ${props.className ?? ""}`}>
      <h2 className="mb-2 border-b border-slate-300 pb-1 text-sm font-semibold uppercase tracking-wide text-slate-700 break-after-avoid print:mb-1.5 print:text-[8.5pt]">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

function Marking({ text }: { text: string }) {
  // On paper the page's margin boxes repeat the marking on every page (see printPageCss).
  return (
    <p className="border-y border-slate-300 py-1 text-center text-xs font-semibold tracking-wider text-slate-800 print:hidden">
      {text}
    </p>
  );
}

const th = "px-2 py-1 text-left font-medium text-slate-600 print:px-1.5 print:py-0.5";
const td = "px-2 py-1 align-top print:px-1.5 print:py-0.5";

export function BriefDocument({ brief, marking }: { brief: Brief; marking: string }) {
  const atLatest = brief.asOf.seq === brief.asOf.latest;
  const sinceName = brief.baseline ? `“${brief.baseline.name}”` : "the start";
  const drivers = brief.drivers.filter((d) => d.items.length);
  return (
    <article
      aria-labelledby="brief-title"
      className="card mx-auto max-w-4xl px-10 py-8 text-[13px] leading-snug text-slate-900 [print-color-adjust:exact] print:max-w-none print:rounded-none print:border-0 print:p-0 print:text-[8.5pt] print:shadow-none"
    >
      <Marking text={marking} />

      <header className="mt-5 print:mt-0">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 print:text-[8pt]">
          Assessment brief
        </p>
        <h1 id="brief-title" className="mt-0.5 text-2xl font-semibold tracking-tight print:text-[16pt]">
          {brief.title}
        </h1>
        <p className="mt-1 text-[15px] text-slate-800 print:text-[10.5pt]">
          <span className="font-medium">Key question: </span>
          {brief.keyQuestion}
        </p>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1.5 sm:grid-cols-4 print:grid-cols-4 print:gap-y-0.5">
          <Fact term="Horizon">
            <time dateTime={brief.horizon}>{brief.horizon}</time>
            {brief.horizonPassed ? (
              <span className="block text-xs font-medium text-amber-800 print:text-[7.5pt]">
                passed {brief.horizonPassed.ago}, still active
              </span>
            ) : null}
          </Fact>
          <Fact term="Assessment as of">
            <time dateTime={new Date(brief.asOf.at).toISOString()}>{formatUtc(brief.asOf.at)}</time>
            <span className="block text-xs text-slate-500 print:text-[7.5pt]">
              {atLatest ? `latest change (${brief.asOf.seq})` : `change ${brief.asOf.seq} of ${brief.asOf.latest}`}
            </span>
          </Fact>
          <Fact term="Analytic confidence">
            {CONFIDENCE[brief.confidence]}
            {brief.status !== "active" ? <span className="block text-xs text-slate-500">{brief.status}</span> : null}
          </Fact>
          <Fact term={brief.authors.length > 1 ? "Authors" : "Author"}>
            {brief.authors.length
              ? brief.authors.map((a, k) => (
                  <Fragment key={`${personKey(a)} ${a.name}`}>
                    {k ? ", " : null}
                    <PersonName person={a} />
                  </Fragment>
                ))
              : "—"}
          </Fact>
        </dl>
      </header>

      <section
        aria-labelledby="bluf-title"
        className="mt-5 rounded-md border-l-4 border-blue-800 bg-blue-50 px-4 py-3 break-inside-avoid print:mt-3 print:px-3 print:py-2"
      >
        <h2 id="bluf-title" className="text-sm font-semibold uppercase tracking-wide text-blue-950 print:text-[8.5pt]">
          Bottom line up front
        </h2>
        <ul className="mt-1.5 space-y-1 text-[15px] text-slate-900 print:text-[10.5pt]">
          {brief.bottomLine.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
      </section>

      <Section title="Scenarios">
        <table className="w-full border-collapse break-inside-avoid">
          <thead className="border-b border-slate-300">
            <tr>
              <th scope="col" className={th}>
                Scenario
              </th>
              <th scope="col" className={`${th} text-right`}>
                Probability
              </th>
              <th scope="col" className={th}>
                Estimative term
              </th>
              <th scope="col" className={`${th} text-right`}>
                Change since {brief.baseline ? `“${brief.baseline.name}”` : "baseline"}
              </th>
              {brief.team ? (
                <th scope="col" className={th}>
                  Team range
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {brief.scenarios.map((s) => (
              <tr key={s.id} className="border-b border-slate-100">
                <th scope="row" className={`${td} text-left font-medium`}>
                  <span
                    aria-hidden
                    className="mr-1.5 inline-block h-2.5 w-2.5 rounded-sm align-baseline"
                    style={{ background: s.color }}
                  />
                  {s.name}
                </th>
                <td className={`${td} text-right tabular-nums`}>{formatProbability(s.probability)}</td>
                <td className={td}>
                  {s.term}
                  {s.leading ? <LeadingBadge /> : null}
                </td>
                <td className={`${td} text-right tabular-nums`}>
                  {brief.baseline ? formatPointsSince(s.deltaPoints) : "—"}
                </td>
                {brief.team ? (
                  <td className={`${td} tabular-nums`}>{s.teamRange ? teamRangeWords(s.teamRange) : "—"}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {brief.roundingNote ? (
          <p className="mt-1 text-xs text-slate-500 print:text-[7.5pt]">{brief.roundingNote}</p>
        ) : null}
        {brief.team ? (
          <p className="mt-1 text-xs text-slate-500 print:text-[7.5pt]">{teamSourceSentence(brief.team)}</p>
        ) : null}
        <div className="mt-3 grid gap-4 sm:grid-cols-2 break-inside-avoid print:mt-2 print:grid-cols-2">
          <figure>
            <figcaption className="mb-1 text-xs font-medium text-slate-600 print:text-[8pt]">
              Probabilities as of {formatUtc(brief.asOf.at)}
            </figcaption>
            <ScenarioBars scenarios={brief.scenarios} />
          </figure>
          <figure>
            <figcaption className="mb-1 text-xs font-medium text-slate-600 print:text-[8pt]">
              {brief.baseline
                ? `Since ${sinceName}, ${formatUtc(brief.baseline.at)}`
                : "Since the assessment was opened"}
            </figcaption>
            <SinceBaselineChart
              scenarios={brief.scenarios}
              timeline={brief.timeline}
              from={brief.baseline ? sinceName : "the creation of the assessment"}
            />
          </figure>
        </div>
      </Section>

      <div className="grid gap-x-8 sm:grid-cols-2 print:grid-cols-2 print:gap-x-6">
        <Section title="Key drivers" className="break-inside-avoid">
          {drivers.length ? (
            <ul className="space-y-1.5 print:space-y-1">
              {drivers.map((d) => (
                <li key={d.scenario}>
                  <span className="font-medium">{d.scenario}:</span>{" "}
                  {d.items.map((i, k) => (
                    <span key={i.indicator}>
                      {k ? "; " : ""}
                      {i.indicator}{" "}
                      <span
                        className="whitespace-nowrap text-slate-500 tabular-nums"
                        title={`${driverSentence(i.nats, d.scenario)} (${formatNats(i.nats)})`}
                      >
                        ({driverEffect(i.nats)})
                      </span>
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-600">No indicator has moved any scenario yet.</p>
          )}
          <p className="mt-1.5 text-xs text-slate-500 print:text-[7.5pt]">
            How many times more (or less) likely each indicator makes the scenario against the average scenario.
          </p>
          {drivers.length ? (
            <details className="mt-1 text-xs text-slate-500 print:hidden">
              <summary className="cursor-pointer">Show in nats</summary>
              <ul className="mt-1 space-y-0.5">
                {drivers.map((d) => (
                  <li key={d.scenario}>
                    {d.scenario}: {d.items.map((i) => `${i.indicator} ${formatNats(i.nats)}`).join("; ")}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </Section>
        <Section title="What the call leans on" className="break-inside-avoid">
          {brief.leanedOn.length ? (
            <ul className="space-y-1.5 print:space-y-1">
              {brief.leanedOn.map((e) => (
                <li key={e.title}>
                  {e.title}{" "}
                  <span className="text-slate-600">
                    — grade{" "}
                    <abbr title={e.gradeMeaning} className="print:no-underline">
                      {e.grade}
                    </abbr>
                    , {formatPointsSwing(e.points)} if left out
                  </span>
                  {e.weak ? (
                    <span className="ml-1.5 whitespace-nowrap rounded border border-amber-500 bg-amber-50 px-1 text-[11px] font-medium text-amber-900 print:text-[7.5pt]">
                      weak source
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-600">
              No single evidence item moves any scenario by more than a tenth of a point.
            </p>
          )}
        </Section>
      </div>

      <Section title="Indicators to watch">
        <table className="w-full table-fixed border-collapse print:text-[8pt]">
          <colgroup>
            <col className="w-[38%]" />
            <col className="w-[9%]" />
            <col className="w-[31%]" />
            <col className="w-[22%]" />
          </colgroup>
          <thead className="border-b border-slate-300">
            <tr>
              <th scope="col" className={th}>
                Indicator
              </th>
              <th scope="col" className={`${th} text-right`} title="Expected information from collecting on it">
                Bits
              </th>
              <th scope="col" className={th}>
                If seen, favours
              </th>
              <th scope="col" className={th}>
                If not seen, favours
              </th>
            </tr>
          </thead>
          <tbody>
            {brief.watch.map((w) => (
              <tr key={w.indicator} className="border-b border-slate-100">
                <th scope="row" className={`${td} text-left font-normal`}>
                  {w.indicator}
                </th>
                <td className={`${td} text-right tabular-nums`}>{w.bits.toFixed(2)}</td>
                <td className={td}>{w.favouredIfPresent.join(", ") || "—"}</td>
                <td className={td}>{w.favouredIfAbsent.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title={`Evidence (${brief.evidence.length})`}>
        {brief.evidence.length ? (
          <table className="w-full table-fixed border-collapse print:text-[8pt]">
            <colgroup>
              <col className="w-[13%]" />
              <col className="w-[33%]" />
              <col className="w-[29%]" />
              <col className="w-[25%]" />
            </colgroup>
            <thead className="border-b border-slate-300">
              <tr>
                <th scope="col" className={th}>
                  Observed
                </th>
                <th scope="col" className={th}>
                  Evidence
                </th>
                <th scope="col" className={th}>
                  Source
                </th>
                <th scope="col" className={th}>
                  Grade
                </th>
              </tr>
            </thead>
            <tbody>
              {brief.evidence.map((e, k) => {
                const url = webUrl(e.sourceUrl);
                return (
                  // Titles may repeat; the position in the observed-date order is stable for one brief.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  <tr key={`${e.observedAt}-${k}`} className="border-b border-slate-100 break-inside-avoid">
                    <td className={`${td} whitespace-nowrap tabular-nums`}>{e.observedAt}</td>
                    <td className={td}>{e.title}</td>
                    <td className={td}>
                      {url ? (
                        <a href={url.href} className="text-blue-800 underline-offset-2 hover:underline">
                          {e.sourceName}
                        </a>
                      ) : (
                        e.sourceName
                      )}{" "}
                      <span className="text-slate-500">({e.sourceKind})</span>
                    </td>
                    <td className={td}>
                      <span className="font-medium">{e.grade}</span>{" "}
                      <span className="text-slate-600">{e.gradeMeaning}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p className="text-slate-600">No evidence recorded yet.</p>
        )}
      </Section>

      {brief.baseline ? (
        <Section title={`What changed since ${sinceName}, ${formatUtc(brief.baseline.at)}`}>
          {brief.changesSinceBaseline.length ? (
            <ol className="space-y-1 print:space-y-0.5 print:text-[8pt]">
              {brief.changesSinceBaseline.map((c, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: changes are listed once, in history order
                <li key={k} className="break-inside-avoid">
                  <span className="whitespace-nowrap text-slate-500 tabular-nums">{formatUtc(c.at)}</span> ·{" "}
                  <PersonName person={c.actor} />: {c.sentence}.
                  {c.rationale ? <span className="text-slate-600"> Why: {c.rationale}</span> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-slate-600">Nothing has changed since the baseline.</p>
          )}
        </Section>
      ) : (
        <Section title="What changed">
          <p className="text-slate-600">
            No baseline set at this moment: set one on the History tab to brief what changed since.
          </p>
        </Section>
      )}

      {brief.rounds.length ? (
        <Section title={`Team rounds (${brief.rounds.length})`}>
          <TeamRounds rounds={brief.rounds} />
        </Section>
      ) : null}

      <div className="mt-6">
        <Marking text={marking} />
      </div>
    </article>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 print:text-[7.5pt]">{term}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}
