// The brief as Markdown: readable as plain text, tables in GitHub style. Every piece of user text
// lands on one line with its markup escaped and no HTML, and a source address becomes a link only
// when it is a real web address, percent-encoded so nothing in it can end the link early.

import { webUrl } from "@/shared/assessment/source-url";
import { personLabel } from "@/shared/display-name";
import {
  driverEffect,
  formatBits,
  formatNats,
  formatPointsSince,
  formatPointsSwing,
  formatProbability,
  formatUtc,
} from "@/shared/format";
import { teamRangeWords, teamSourceSentence } from "@/shared/rounds-words";
import type { Brief } from "./brief";
import { teamRoundsMarkdown } from "./markdown-rounds";

// A Markdown line (and a table row) ends at a line break, so text carrying one (U+000A, U+000D,
// U+000B, U+2028, NEL…) could open a heading, a list or a table row of its own: all become spaces.
const LINE_BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;

/**
 * User text as inline Markdown on one line: line breaks become spaces, `<` and `>` become entities
 * (so no renderer sees HTML, whatever its dialect), an `&` that would read as an entity is escaped,
 * and the characters that start markup, links or table cells are backslash-escaped.
 */
export function mdText(text: string): string {
  return text
    .replace(LINE_BREAKING, " ")
    .replace(/&(?=#?[0-9a-z]+;)/gi, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]#|~])/g, "\\$1");
}

/** A table cell: the same single-line escaping, which includes the pipe. */
export const mdCell = mdText;

// Characters that could end a link destination, break a table row, or be read as markup or HTML.
const UNSAFE_IN_DESTINATION = /[\s()<>"'`\\[\]|{}^]/g;

/** A web address as a Markdown link destination: the parser's normal form, unsafe characters percent-encoded. */
export function mdDestination(url: URL): string {
  return url.href
    .replace(UNSAFE_IN_DESTINATION, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
    .replace(/&(?=#?[0-9a-z]+;)/gi, "&amp;");
}

/** `[name](address)` when the stored address is an http(s) URL, else the name alone. */
function mdSource(name: string, address: string | null): string {
  const url = webUrl(address);
  return url ? `[${mdText(name)}](${mdDestination(url)})` : mdText(name);
}

export function renderMarkdown(brief: Brief): string {
  const lines: string[] = [];
  const marking = brief.handling.trim() || "UNMARKED";
  lines.push(`**${mdText(marking)}**`, "");
  lines.push(`# ${mdText(brief.title)}`, "");
  lines.push(`**Key question:** ${mdText(brief.keyQuestion)}  `);
  lines.push(`**Horizon:** ${brief.horizon}  `);
  if (brief.horizonPassed) lines.push(`**${brief.horizonPassed.sentence}, and the assessment is still active.**  `);
  lines.push(`**Assessment as of:** ${formatUtc(brief.asOf.at)} (change ${brief.asOf.seq} of ${brief.asOf.latest})  `);
  lines.push(`**Analytic confidence:** ${brief.confidence}  `);
  lines.push(`**Authors:** ${brief.authors.map((a) => mdText(personLabel(a))).join(", ") || "—"}`, "");
  lines.push("## Bottom line up front", "");
  for (const s of brief.bottomLine) lines.push(`- ${mdText(s)}`);
  lines.push("");
  lines.push("## Scenarios", "");
  const since = brief.baseline ? `Change since “${mdCell(brief.baseline.name)}”` : "Change since baseline";
  const team = brief.team ? " Team range |" : "";
  lines.push(
    `| Scenario | Probability | Estimative term | ${since} |${team}`,
    `|---|---:|---|---:|${team ? "---|" : ""}`,
  );
  for (const s of brief.scenarios) {
    const range = brief.team ? ` ${s.teamRange ? teamRangeWords(s.teamRange) : "—"} |` : "";
    lines.push(
      `| ${mdCell(s.name)} | ${formatProbability(s.probability)} | ${s.term}${s.leading ? " **(leading)**" : ""} | ${brief.baseline ? formatPointsSince(s.deltaPoints) : "—"} |${range}`,
    );
  }
  lines.push("");
  if (brief.roundingNote) lines.push(brief.roundingNote, "");
  if (brief.team) lines.push(teamSourceSentence(brief.team), "");
  if (brief.baseline) lines.push(`Baseline: “${mdText(brief.baseline.name)}”, ${formatUtc(brief.baseline.at)}.`, "");
  lines.push("## Key drivers", "");
  for (const d of brief.drivers) {
    if (!d.items.length) continue;
    lines.push(
      `- **${mdText(d.scenario)}:** ${d.items.map((i) => `${mdText(i.indicator)} (${driverEffect(i.nats)}; ${formatNats(i.nats)})`).join("; ")}`,
    );
  }
  lines.push("");
  lines.push(
    "How many times more (or less) likely each indicator makes the scenario against the average scenario; nats are the same weight of evidence on a log scale.",
    "",
  );
  lines.push("## What the call leans on", "");
  if (!brief.leanedOn.length) lines.push("No single evidence item moves any scenario by more than a tenth of a point.");
  for (const e of brief.leanedOn) {
    lines.push(
      `- ${mdText(e.title)} — grade ${e.grade} (${mdText(e.gradeMeaning)}), ${formatPointsSwing(e.points)} if left out${e.weak ? " — **weak source**" : ""}`,
    );
  }
  lines.push("");
  lines.push("## Indicators to watch", "");
  for (const w of brief.watch) {
    const present = w.favouredIfPresent.length ? `if seen: ${w.favouredIfPresent.map(mdText).join(", ")}` : "";
    const absent = w.favouredIfAbsent.length ? `if not seen: ${w.favouredIfAbsent.map(mdText).join(", ")}` : "";
    lines.push(
      `- ${mdText(w.indicator)} (${formatBits(w.bits)})${present || absent ? ` — favours ${[present, absent].filter(Boolean).join("; ")}` : ""}`,
    );
  }
  lines.push("");
  lines.push("## Evidence", "");
  lines.push("| Observed | Evidence | Source | Grade |", "|---|---|---|---|");
  for (const e of brief.evidence) {
    lines.push(
      `| ${mdCell(e.observedAt)} | ${mdCell(e.title)} | ${mdSource(e.sourceName, e.sourceUrl)} (${mdCell(e.sourceKind)}) | ${mdCell(e.grade)}: ${mdCell(e.gradeMeaning)} |`,
    );
  }
  lines.push("");
  if (brief.baseline) {
    lines.push(`## What changed since “${mdText(brief.baseline.name)}”`, "");
    if (!brief.changesSinceBaseline.length) lines.push("Nothing has changed since the baseline.");
    for (const c of brief.changesSinceBaseline) {
      lines.push(
        `- ${formatUtc(c.at)}, ${mdText(personLabel(c.actor))}: ${mdText(c.sentence)}.${c.rationale ? ` Why: ${mdText(c.rationale)}` : ""}`,
      );
    }
    lines.push("");
  }
  lines.push(...teamRoundsMarkdown(brief.rounds));
  lines.push(`**${mdText(marking)}**`, "");
  return lines.join("\n");
}
