// Team rounds in words, for the round pages, the brief page and the exports alike (one wording in
// every format): the team's range beside a scenario, where that range comes from, a round's
// timeline in one line, a spread and an impact. Safe for the browser.
import { formatProbabilityRange, formatUtc } from "@/shared/format";
import type { RoundStatus } from "@/shared/rounds";

/** "analysts' estimates ranged 38–66 %": beside a scenario on the brief. */
export function teamRangeWords(range: { low: number; high: number }): string {
  return `analysts' estimates ranged ${formatProbabilityRange(range.low, range.high)}`;
}

/** Where the brief's ranges come from: "Team ranges from round 2, adopted 13 Dec 2024 14:00 UTC: 3 analysts' submitted judgements." */
export function teamSourceSentence(team: { roundNumber: number; adoptedAt: number; participants: number }): string {
  const who =
    team.participants === 1 ? "1 analyst's submitted judgement" : `${team.participants} analysts' submitted judgements`;
  return `Team ranges from round ${team.roundNumber}, adopted ${formatUtc(team.adoptedAt)}: the lowest and highest of ${who}.`;
}

const STATUS_WORD: Record<RoundStatus, string> = {
  open: "Open",
  closed: "Closed",
  adopted: "Adopted",
  abandoned: "Abandoned",
};

/** "Adopted · opened 12 Dec 2024 09:00 UTC · closed … · adopted …" */
export function roundTimeline(round: {
  status: RoundStatus;
  openedAt: number;
  closedAt: number | null;
  adoptedAt: number | null;
}): string {
  const parts = [STATUS_WORD[round.status], `opened ${formatUtc(round.openedAt)}`];
  if (round.closedAt !== null && round.status !== "open") {
    parts.push(`${round.status === "abandoned" ? "abandoned" : "closed"} ${formatUtc(round.closedAt)}`);
  }
  if (round.adoptedAt !== null) parts.push(`adopted ${formatUtc(round.adoptedAt)}`);
  return parts.join(" · ");
}

/** "3 participants, 3 judgements submitted, 4 indicators in scope". */
export function roundCounts(round: { participants: number; submitted: number; scopeSize: number }): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(round.participants, "participant", "participants"),
    `${plural(round.submitted, "judgement", "judgements")} submitted`,
    `${plural(round.scopeSize, "indicator", "indicators")} in scope`,
  ].join(", ");
}

/** A spread in logits in words: one rating step apart is about 0.85. */
export function spreadWords(spread: number): string {
  if (spread === 0) return "all agree";
  const steps = spread / 0.85;
  return `${spread.toFixed(2)} logits (about ${steps < 1.05 ? "one rating step" : `${steps.toFixed(1)} rating steps`} apart)`;
}

/** An impact (largest change of any consensus probability) in percentage points. */
export function impactWords(impact: number): string {
  const points = impact * 100;
  if (points === 0) return "does not move the call";
  return `moves the call by up to ${points < 0.1 ? "<0.1" : points.toFixed(1)} pts`;
}

/** "Mean spread 0.57 logits (round 1 on the same cells: 1.13)". */
export function convergenceWords(c: {
  meanSpread: number;
  previous: { number: number; meanSpread: number } | null;
}): string {
  const before = c.previous
    ? ` (round ${c.previous.number} on the same cells: ${c.previous.meanSpread.toFixed(2)})`
    : "";
  return `Mean spread ${c.meanSpread.toFixed(2)} logits${before}`;
}
