// The scorecard's four tiles: final probability, Brier score, log score and time-weighted Brier.
import type { ReactNode } from "react";
import { estimativeTerm, evenSpreadBrier, leadingScenarioId } from "@/shared/engine";
import { formatBits, formatBrier, formatDay, isoDay } from "@/shared/format";
import { formatProbabilityOrDash } from "../compare/compare-data";
import { comparedWithEvenSpread } from "./resolution-data";
import { H2, type Scorecard } from "./resolution-shared";

export function ScoreTiles({ card, scenarioCount }: { card: Scorecard; scenarioCount: number }) {
  const even = evenSpreadBrier(scenarioCount);
  const versus = comparedWithEvenSpread(card.final.brier, scenarioCount);
  const firstAt = card.series[0]?.at;
  return (
    <section aria-label="Scores" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <Tile
        label={`Final probability of ${card.resolvedScenarioName}`}
        value={formatProbabilityOrDash(card.final.probability)}
        testId="final-probability"
      >
        The team&apos;s last call: {estimativeTerm(card.final.probability)}
        {leadingScenarioId(card.final.probabilities) === card.resolvedScenarioId
          ? ", and the leading scenario"
          : ", not the leading scenario"}
        .
      </Tile>
      <Tile label="Final Brier score" value={formatBrier(card.final.brier)} testId="final-brier">
        From 0 (certain and right) to 2 (certain and wrong); lower is better.{" "}
        {versus === "same" ? "The same as" : versus === "better" ? "Better than" : "Worse than"} an even spread over the{" "}
        {scenarioCount} scenarios ({formatBrier(even)}).
      </Tile>
      <Tile label="Log score" value={formatBits(card.final.logScore)} testId="log-score">
        −log₂ of the probability given to what happened: 0 bits if it was certain, 1 bit at 50 %; lower is better.
      </Tile>
      <Tile label="Time-weighted Brier" value={formatBrier(card.timeWeightedBrier)} testId="time-weighted-brier">
        The mean Brier score {firstAt ? `from ${formatDay(isoDay(firstAt))}` : "from the first change"} to{" "}
        {formatDay(card.resolvedAt)}, each set of probabilities counted for as long as it stood.
      </Tile>
    </section>
  );
}

function Tile(props: { label: string; value: string; testId: string; children: ReactNode }) {
  return (
    <div className="card p-4">
      <p className={H2}>{props.label}</p>
      <p className="mt-1 text-3xl font-semibold tabular-nums" data-testid={props.testId}>
        {props.value}
      </p>
      <p className="mt-1 text-xs text-slate-600">{props.children}</p>
    </div>
  );
}
