// The round page's values a page at a time (issue 14: the round page of 20 participants on 12 × 300
// opens within 1 s by sending less): `rounds.get` carries the analysts' values on its first rows only
// (`detailRows`), `rounds.judgements` the others on request, and both keep the privacy rule of
// DESIGN §2.9 — nothing before the caller may see it, letters only in an anonymous round.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Expectation } from "@/shared/assessment/state";
import { ROUND_FIRST_DISPUTES, ROUND_FIRST_ROWS, ROUND_JUDGEMENT_PAGE } from "@/shared/limits";
import { unpackCells } from "@/shared/rounds-cells";
import {
  buildWorld,
  createAccount,
  expectRefusal,
  joinTeam,
  newAssessmentInput,
  type TestUser,
  type World,
} from "./harness";
import { editAt } from "./workspace-helpers";

let world: World;
let bea: TestUser;

beforeAll(async () => {
  world = await buildWorld();
  bea = await createAccount("bea-detail@example.org", "Bea Analyst");
  await joinTeam(world.owner, world.teamA.id, bea, "analyst");
}, 60_000);
afterAll(() => world?.db.cleanup());

const ROWS = ROUND_FIRST_ROWS + 15;

/** An assessment of team A with more rows than the page opens with: two scenarios, 55 indicators. */
async function wideFixture() {
  const owner = world.owner.caller;
  const { id } = await owner.assessments.create({
    ...newAssessmentInput(world.teamA.id, "Wide round fixture"),
    scenarios: [
      { name: "Full exit", prior: 0.5 },
      { name: "Retention", prior: 0.5 },
    ],
  });
  let view = await owner.assessments.get({ assessmentId: id });
  const scenarios = view.state.scenarios.map((s) => s.id);
  for (let k = 0; k < ROWS; k++) {
    view = await editAt(owner, view, "addIndicator", {
      name: `Indicator ${k}`,
      expectations: Object.fromEntries(scenarios.map((s) => [s, "could"])),
    });
  }
  return { id, scenarios, indicators: view.state.indicators.map((i) => i.id) };
}

/** Every indicator rated by `who`, with a reason carrying a secret on each row. */
function judgement(f: Awaited<ReturnType<typeof wideFixture>>, rating: Expectation, secret: string) {
  return {
    expectations: Object.fromEntries(
      f.indicators.map((i) => [i, Object.fromEntries(f.scenarios.map((s) => [s, rating]))]),
    ),
    reasons: Object.fromEntries(f.indicators.map((i, k) => [i, `${secret} ${k}`])),
  };
}

const text = (x: unknown) => JSON.stringify(x);

describe("rounds.get and rounds.judgements: the values a page at a time", () => {
  it("sends the first rows with the round and the others on request, only to those who may see them", async () => {
    const f = await wideFixture();
    const round = await world.analyst.caller.rounds.open({
      assessmentId: f.id,
      participantIds: [world.analyst.id, bea.id],
      question: "Rate the wide matrix",
    });
    const ids = { assessmentId: f.id, roundId: round.id };
    const late = f.indicators.slice(ROUND_FIRST_ROWS);
    const ask = (caller: typeof world.owner.caller) => caller.rounds.judgements({ ...ids, indicatorIds: late });

    await world.analyst.caller.rounds.submit({ ...ids, ...judgement(f, "likely", "SECRET-ANA") });
    await bea.caller.rounds.saveDraft({ ...ids, ...judgement(f, "unlikely", "SECRET-BEA") });

    // Open, Bea still drafting: she, the owner (not taking part) and the viewer get nothing of Ana's.
    for (const caller of [bea.caller, world.owner.caller, world.viewer.caller]) {
      const seen = await ask(caller);
      expect(seen.seesGroup).toBe(false);
      expect(seen.hiddenBecause).toBeTruthy();
      expect(seen.judgements).toEqual([]);
      expect(text(seen)).not.toContain("SECRET-ANA");
    }
    // Ana (submitted) sees only submitted judgements: hers, never Bea's draft.
    const ana = await ask(world.analyst.caller);
    expect(ana.judgements.map((j) => j.mine)).toEqual([true]);
    expect(text(ana)).not.toContain("SECRET-BEA");
    await expectRefusal(world.ownerB.caller.rounds.judgements({ ...ids, indicatorIds: late }), "NOT_FOUND");

    await bea.caller.rounds.submit(ids);
    const view = await bea.caller.rounds.get(ids);
    // The round carries the values of its first rows and of the first disputes' rows only.
    const disputed = (view.group ? unpackCells(view.group.cells) : [])
      .filter((c) => c.spread > 0)
      .slice(0, ROUND_FIRST_DISPUTES)
      .map((c) => c.indicatorId);
    expect(new Set(view.detailRows)).toEqual(new Set([...f.indicators.slice(0, ROUND_FIRST_ROWS), ...disputed]));
    expect(view.detailRows.length).toBeLessThan(f.indicators.length);
    for (const j of view.judgements) {
      expect(Object.keys(j.values.expectations).sort()).toEqual([...view.detailRows].sort());
      expect(Object.keys(j.values.reasons).sort()).toEqual([...view.detailRows].sort());
    }
    // The others come on request, anonymous, and together with the first rows make each whole judgement.
    const rest = await ask(bea.caller);
    expect(rest.seesGroup).toBe(true);
    expect(rest.judgements.map((j) => j.label).sort()).toEqual(view.judgements.map((j) => j.label).sort());
    expect(rest.judgements.every((j) => /^Analyst [A-Z]$/.test(j.label) && j.name === null)).toBe(true);
    for (const j of rest.judgements) {
      expect(Object.keys(j.values.expectations).sort()).toEqual([...late].sort());
      const first = view.judgements.find((v) => v.label === j.label);
      const whole = { ...first?.values.reasons, ...j.values.reasons };
      const secret = j.mine ? "SECRET-BEA" : "SECRET-ANA";
      expect(whole).toEqual(Object.fromEntries(f.indicators.map((i, k) => [i, `${secret} ${k}`])));
    }

    // Closed: the whole team sees them, viewers included.
    await world.analyst.caller.rounds.close(ids);
    const viewer = await ask(world.viewer.caller);
    expect(viewer.judgements).toHaveLength(2);
    expect(viewer.judgements.every((j) => !j.mine)).toBe(true);
  });

  it("refuses indicators outside the round's scope and pages that are too long, naming the field", async () => {
    const f = await wideFixture();
    const round = await world.analyst.caller.rounds.open({
      assessmentId: f.id,
      indicatorIds: f.indicators.slice(0, 3),
      participantIds: [world.analyst.id, bea.id],
      question: "Three rows",
    });
    const ids = { assessmentId: f.id, roundId: round.id };
    const outside = f.indicators[10] as string;
    await expect(world.analyst.caller.rounds.judgements({ ...ids, indicatorIds: [outside] })).rejects.toThrow(
      /indicatorIds: '.*' is not in round 1's scope/,
    );
    const tooMany = Array.from({ length: ROUND_JUDGEMENT_PAGE + 1 }, () => f.indicators[0] as string);
    await expect(world.analyst.caller.rounds.judgements({ ...ids, indicatorIds: tooMany })).rejects.toThrow(
      /at most 100 indicators at a time/,
    );
    await expect(world.analyst.caller.rounds.judgements({ ...ids, indicatorIds: [] })).rejects.toThrow(
      /at least one indicator/,
    );
  });

  it("adds the rows of the first disputes to the first rows", async () => {
    const f = await wideFixture();
    const round = await world.analyst.caller.rounds.open({
      assessmentId: f.id,
      participantIds: [world.analyst.id, bea.id],
      question: "Rate the wide matrix",
    });
    const ids = { assessmentId: f.id, roundId: round.id };
    const last = f.indicators.at(-1) as string;
    const s0 = f.scenarios[0] as string;
    await world.analyst.caller.rounds.submit({ ...ids, expectations: { [last]: { [s0]: "highly_likely" } } });
    await bea.caller.rounds.submit({ ...ids, expectations: { [last]: { [s0]: "highly_unlikely" } } });
    const view = await bea.caller.rounds.get(ids);
    expect(view.detailRows).toContain(last);
    expect(view.detailRows).toHaveLength(ROUND_FIRST_ROWS + 1);
    expect(view.judgements.map((j) => j.values.expectations[last]?.[s0]).sort()).toEqual([
      "highly_likely",
      "highly_unlikely",
    ]);
  });
});
