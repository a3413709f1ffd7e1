// The brief's "Team rounds" section in Markdown (./markdown.ts renders the rest): each round with
// its pooled call and range, convergence, the disputes that matter and the judgements the person
// exporting may see (server/rounds/brief-rounds.ts left out the rest before it got here).
import { formatProbability, formatProbabilityRange, formatUtc } from "@/shared/format";
import { convergenceWords, impactWords, roundCounts, roundTimeline, spreadWords } from "@/shared/rounds-words";
import type { BriefRound } from "./brief";
import { mdCell, mdText } from "./markdown";

export function teamRoundsMarkdown(rounds: readonly BriefRound[]): string[] {
  if (rounds.length === 0) return [];
  const lines: string[] = ["## Team rounds", ""];
  for (const r of rounds) {
    lines.push(`### Round ${r.number}: “${mdText(r.question)}”`, "");
    lines.push(
      `${roundTimeline(r)} · facilitated by ${mdText(r.facilitator)} · ${roundCounts(r)} · ${r.anonymous ? "anonymous" : "named"}`,
      "",
    );
    const why = r.hiddenBecause ?? r.groupReason;
    if (why) lines.push(mdText(why), "");
    if (r.scenarios.length) {
      lines.push("| Scenario | Pooled call | Team range |", "|---|---:|---:|");
      for (const s of r.scenarios) {
        lines.push(
          `| ${mdCell(s.name)} | ${formatProbability(s.pooled)} | ${formatProbabilityRange(s.low, s.high)}${s.outside ? " (the pool lies outside it)" : ""} |`,
        );
      }
      lines.push("");
    }
    if (r.convergence) lines.push(`${convergenceWords(r.convergence)}.`, "");
    if (r.disputes.length) {
      lines.push("**Disputes that matter**", "");
      r.disputes.forEach((d, k) => {
        lines.push(
          `${k + 1}. ${mdText(d.indicator)} under ${mdText(d.scenario)}: ${impactWords(d.impact)}, spread ${spreadWords(d.spread)}. ${d.values.map((v) => `${mdText(v.who)}: ${mdText(v.value)}`).join("; ")}`,
        );
      });
      lines.push("");
    }
    if (r.judgements.length) {
      lines.push("**Judgements**", "");
      for (const j of r.judgements) {
        lines.push(
          `- ${mdText(j.who)}, submitted ${formatUtc(j.submittedAt)}${j.rows.length ? "" : ": kept every shared value"}`,
        );
        for (const row of j.rows) {
          const parts = [row.ratings, row.weight ? `weight ${row.weight}` : "", row.reason ? `“${row.reason}”` : ""];
          lines.push(`  - ${mdText(row.indicator)}: ${mdText(parts.filter(Boolean).join(" · "))}`);
        }
        if (j.more) lines.push(`  - and ${j.more} more indicators (in the JSON export)`);
      }
      lines.push("");
    }
  }
  return lines;
}
