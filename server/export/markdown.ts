// The brief as Markdown: readable as plain text, tables in GitHub style.
import { personLabel } from "@/server/accounts/display-name";
import { formatUtc as utc } from "@/server/format";
import { type Brief, percent } from "./brief";

/** Escapes the characters that would break a Markdown table cell or start markup. */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")
    .replace(/([*_`[\]<>])/g, "\\$1");
}

function mdText(text: string): string {
  return text.replace(/([\\*_`[\]<>#])/g, "\\$1");
}

export { formatUtc as utc } from "@/server/format";

function signedPoints(p: number | null): string {
  if (p === null) return "new";
  const r = Math.round(p);
  return r === 0 ? "±0 pts" : `${r > 0 ? "+" : "−"}${Math.abs(r)} pts`;
}

export function renderMarkdown(brief: Brief): string {
  const lines: string[] = [];
  const marking = brief.handling.trim() || "UNMARKED";
  lines.push(`**${mdText(marking)}**`, "");
  lines.push(`# ${mdText(brief.title)}`, "");
  lines.push(`**Key question:** ${mdText(brief.keyQuestion)}  `);
  lines.push(`**Horizon:** ${brief.horizon}  `);
  lines.push(`**Assessment as of:** ${utc(brief.asOf.at)} (change ${brief.asOf.seq} of ${brief.asOf.latest})  `);
  lines.push(`**Analytic confidence:** ${brief.confidence}  `);
  lines.push(`**Authors:** ${brief.authors.map((a) => mdText(personLabel(a))).join(", ") || "—"}`, "");
  lines.push("## Bottom line up front", "");
  for (const s of brief.bottomLine) lines.push(`- ${mdText(s)}`);
  lines.push("");
  lines.push("## Scenarios", "");
  const since = brief.baseline ? `Change since “${mdCell(brief.baseline.name)}”` : "Change since baseline";
  lines.push(`| Scenario | Probability | Estimative term | ${since} |`, "|---|---:|---|---:|");
  for (const s of brief.scenarios) {
    lines.push(
      `| ${mdCell(s.name)} | ${percent(s.probability)} | ${s.term} | ${brief.baseline ? signedPoints(s.deltaPoints) : "—"} |`,
    );
  }
  lines.push("");
  if (brief.baseline) lines.push(`Baseline: “${mdText(brief.baseline.name)}”, ${utc(brief.baseline.at)}.`, "");
  lines.push("## Key drivers", "");
  for (const d of brief.drivers) {
    if (!d.items.length) continue;
    lines.push(
      `- **${mdText(d.scenario)}:** ${d.items.map((i) => `${mdText(i.indicator)} (${i.nats >= 0 ? "+" : "−"}${Math.abs(i.nats).toFixed(2)} nats)`).join("; ")}`,
    );
  }
  lines.push("");
  lines.push("## What the call leans on", "");
  if (!brief.leanedOn.length) lines.push("No single evidence item moves any scenario by more than a tenth of a point.");
  for (const e of brief.leanedOn) {
    lines.push(
      `- ${mdText(e.title)} — grade ${e.grade} (${mdText(e.gradeMeaning)}), ±${e.points.toFixed(1)} pts if left out${e.weak ? " — **weak source**" : ""}`,
    );
  }
  lines.push("");
  lines.push("## Indicators to watch", "");
  for (const w of brief.watch) {
    const present = w.favouredIfPresent.length ? `if seen: ${w.favouredIfPresent.map(mdText).join(", ")}` : "";
    const absent = w.favouredIfAbsent.length ? `if not seen: ${w.favouredIfAbsent.map(mdText).join(", ")}` : "";
    lines.push(
      `- ${mdText(w.indicator)} (${w.bits.toFixed(2)} bits)${present || absent ? ` — favours ${[present, absent].filter(Boolean).join("; ")}` : ""}`,
    );
  }
  lines.push("");
  lines.push("## Evidence", "");
  lines.push("| Observed | Evidence | Source | Grade |", "|---|---|---|---|");
  for (const e of brief.evidence) {
    const source =
      e.sourceUrl && /^https?:\/\//i.test(e.sourceUrl)
        ? `[${mdCell(e.sourceName)}](${e.sourceUrl.replace(/[()\s]/g, encodeURIComponent)})`
        : mdCell(e.sourceName);
    lines.push(
      `| ${e.observedAt} | ${mdCell(e.title)} | ${source} (${e.sourceKind}) | ${e.grade}: ${mdCell(e.gradeMeaning)} |`,
    );
  }
  lines.push("");
  if (brief.baseline) {
    lines.push(`## What changed since “${mdText(brief.baseline.name)}”`, "");
    if (!brief.changesSinceBaseline.length) lines.push("Nothing has changed since the baseline.");
    for (const c of brief.changesSinceBaseline) {
      lines.push(
        `- ${utc(c.at)}, ${mdText(personLabel(c.actor))}: ${mdText(c.sentence)}.${c.rationale ? ` Why: ${mdText(c.rationale)}` : ""}`,
      );
    }
    lines.push("");
  }
  lines.push(`**${mdText(marking)}**`, "");
  return lines.join("\n");
}
