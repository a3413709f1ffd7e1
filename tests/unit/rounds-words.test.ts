// The wording of team rounds shared by the brief page and every export format (shared/rounds-words.ts).
import { describe, expect, it } from "vitest";
import { formatProbabilityRange } from "@/shared/format";
import {
  convergenceWords,
  impactWords,
  roundCounts,
  roundTimeline,
  spreadWords,
  teamRangeWords,
  teamSourceSentence,
} from "@/shared/rounds-words";

const at = Date.UTC(2024, 11, 13, 14, 0);

describe("team range words", () => {
  it("writes a range with one percent sign, each end by the probability rule", () => {
    expect(formatProbabilityRange(0.38, 0.66)).toBe("38–66 %");
    expect(formatProbabilityRange(0.004, 0.2)).toBe("<1–20 %");
    expect(teamRangeWords({ low: 0.381, high: 0.659 })).toBe("analysts' estimates ranged 38–66 %");
  });

  it("says where the range comes from", () => {
    expect(teamSourceSentence({ roundNumber: 2, adoptedAt: at, participants: 3 })).toBe(
      "Team ranges from round 2, adopted 2024-12-13 14:00 UTC: the lowest and highest of 3 analysts' submitted judgements.",
    );
  });
});

describe("a round in one line", () => {
  it("lists what happened to it, in order", () => {
    expect(roundTimeline({ status: "open", openedAt: at, closedAt: null, adoptedAt: null })).toBe(
      "Open · opened 2024-12-13 14:00 UTC",
    );
    expect(
      roundTimeline({ status: "adopted", openedAt: at, closedAt: at + 3_600_000, adoptedAt: at + 7_200_000 }),
    ).toBe("Adopted · opened 2024-12-13 14:00 UTC · closed 2024-12-13 15:00 UTC · adopted 2024-12-13 16:00 UTC");
    expect(roundTimeline({ status: "abandoned", openedAt: at, closedAt: at, adoptedAt: null })).toContain(
      "abandoned 2024-12-13 14:00 UTC",
    );
    expect(roundCounts({ participants: 1, submitted: 0, scopeSize: 4 })).toBe(
      "1 participant, 0 judgements submitted, 4 indicators in scope",
    );
  });

  it("says spread, impact and convergence in words", () => {
    expect(spreadWords(0)).toBe("all agree");
    expect(spreadWords(0.85)).toContain("one rating step");
    expect(impactWords(0)).toBe("does not move the call");
    expect(impactWords(0.077)).toBe("moves the call by up to 7.7 pts");
    expect(convergenceWords({ meanSpread: 0.85, previous: { number: 1, meanSpread: 2.03 } })).toBe(
      "Mean spread 0.85 logits (round 1 on the same cells: 2.03)",
    );
  });
});
