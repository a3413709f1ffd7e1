// The brief's "Team rounds" section in Word (./docx.ts lays out the rest): each round with its
// pooled call and range, convergence, the disputes that matter and the judgements the person
// exporting may see (server/rounds/brief-rounds.ts left out the rest before it got here).
import { HeadingLevel, Paragraph, TextRun } from "docx";
import { formatProbability, formatProbabilityRange, formatUtc } from "@/shared/format";
import { convergenceWords, impactWords, roundCounts, roundTimeline, spreadWords } from "@/shared/rounds-words";
import type { BriefRound } from "./brief";
import { bullet, dataTable, MUTED, note, text } from "./docx-parts";

function heading(value: string, level: 2 | 3): Paragraph {
  return new Paragraph({
    heading: level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
    children: [new TextRun(value)],
  });
}

const label = (value: string) =>
  new Paragraph({ spacing: { before: 80, after: 40 }, children: [text(value, { bold: true, size: 18 })] });

export function teamRoundsDocx(rounds: readonly BriefRound[]) {
  if (rounds.length === 0) return [];
  return [heading("Team rounds", 2), ...rounds.flatMap(roundDocx)];
}

function roundDocx(r: BriefRound) {
  const out: (Paragraph | ReturnType<typeof dataTable>)[] = [
    heading(`Round ${r.number}: “${r.question}”`, 3),
    note(
      `${roundTimeline(r)} · facilitated by ${r.facilitator} · ${roundCounts(r)} · ${r.anonymous ? "anonymous" : "named"}`,
    ),
  ];
  const why = r.hiddenBecause ?? r.groupReason;
  if (why) out.push(new Paragraph({ children: [text(why)] }));
  if (r.scenarios.length) {
    out.push(
      dataTable(
        [
          { label: "Scenario", share: 0.5 },
          { label: "Pooled call", share: 0.2, right: true },
          { label: "Team range", share: 0.3, right: true },
        ],
        {
          rows: r.scenarios.map((s) => ({
            cells: [
              s.name,
              formatProbability(s.pooled),
              `${formatProbabilityRange(s.low, s.high)}${s.outside ? " (the pool lies outside it)" : ""}`,
            ],
          })),
        },
      ),
    );
  }
  if (r.convergence) out.push(note(`${convergenceWords(r.convergence)}.`));
  if (r.disputes.length) {
    out.push(label("Disputes that matter"));
    for (const d of r.disputes) {
      out.push(
        bullet([
          text(d.indicator, { bold: true }),
          text(` under ${d.scenario}: ${impactWords(d.impact)}, spread ${spreadWords(d.spread)}. `),
          text(d.values.map((v) => `${v.who}: ${v.value}`).join("; "), { color: MUTED }),
        ]),
      );
    }
  }
  if (r.judgements.length) {
    out.push(label("Judgements"));
    for (const j of r.judgements) {
      out.push(
        bullet([
          text(j.who, { bold: true }),
          text(`, submitted ${formatUtc(j.submittedAt)}${j.rows.length ? "" : ": kept every shared value"}`, {
            color: MUTED,
          }),
        ]),
      );
      for (const row of j.rows) {
        const parts = [row.ratings, row.weight ? `weight ${row.weight}` : "", row.reason ? `“${row.reason}”` : ""];
        out.push(
          new Paragraph({
            indent: { left: 720 },
            spacing: { after: 20 },
            children: [text(`${row.indicator}: `, { size: 18 }), text(parts.filter(Boolean).join(" · "), { size: 18 })],
          }),
        );
      }
      if (j.more) out.push(note(`and ${j.more} more indicators (in the JSON export)`));
    }
  }
  return out;
}
