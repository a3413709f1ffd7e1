// Issue 13, §4 and §5 through the real routers and exports: a probability at a band edge reads the
// same, in its band, on the brief and in every export; the leader is marked; the figures say when
// they do not add to 100; drivers speak in odds; a passed horizon is said, and moving it is an
// ordinary assessment update whose rationale the history keeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { buildBrief } from "@/server/export/brief";
import { renderMarkdown } from "@/server/export/markdown";
import { estimativeTerm } from "@/shared/engine";
import { formatProbability, isoDay } from "@/shared/format";
import { buildWorld, expectRefusal, newAssessmentInput, type World } from "./harness";

let world: World;
let edgeId: string;

beforeAll(async () => {
  world = await buildWorld();
  // Priors normalised to 19.5 % and 80.5 %, and no indicators: the probabilities are the priors.
  const created = await world.analyst.caller.assessments.create({
    ...newAssessmentInput(world.teamA.id, "Band edge"),
    scenarios: [
      { name: "Negotiated retention", prior: 0.195 },
      { name: "Full exit", prior: 0.805 },
    ],
  });
  edgeId = created.id;
});
afterAll(() => world?.db.cleanup());

async function briefOf(assessmentId: string) {
  return await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId));
}

describe("a probability at a band edge", () => {
  it("reads 19.5 % · very unlikely on the brief and in the Markdown, never 20 %", async () => {
    const brief = await world.viewer.caller.assessments.brief({ assessmentId: edgeId });
    const retention = brief.scenarios.find((s) => s.name === "Negotiated retention");
    expect(retention?.probability).toBeCloseTo(0.195, 12);
    expect(retention?.term).toBe("very unlikely");
    expect(estimativeTerm(retention?.probability ?? 0)).toBe("very unlikely");
    expect(formatProbability(retention?.probability ?? 0)).toBe("19.5 %");

    const md = renderMarkdown(brief);
    expect(md).toContain("| Negotiated retention | 19.5 % | very unlikely |");
    expect(md).toContain("| Full exit | 81 % | very likely **(leading)** |");
    expect(md).not.toContain("20 %");
    // 19.5 + 81 = 100.5: said under the table rather than bent to add up.
    expect(brief.roundingNote).toBe("Figures are rounded, so they add to 100.5 %, not 100 %.");
    expect(md).toContain("Figures are rounded, so they add to 100.5 %, not 100 %.");
    expect(brief.bottomLine[0]).toBe(
      "We assess that full exit is very likely (81 %, the leading scenario), with moderate confidence.",
    );
  });

  it("marks exactly one leader, and none on a tie", async () => {
    const tied = await world.analyst.caller.assessments.create({
      ...newAssessmentInput(world.teamA.id, "Even"),
      scenarios: [
        { name: "Holds", prior: 1 },
        { name: "Collapses", prior: 1 },
      ],
    });
    const even = await briefOf(tied.id);
    expect(even.scenarios.filter((s) => s.leading)).toEqual([]);
    expect(even.roundingNote).toBeNull();
    expect(renderMarkdown(even)).not.toContain("(leading)");
    expect((await briefOf(edgeId)).scenarios.filter((s) => s.leading).map((s) => s.name)).toEqual(["Full exit"]);
  });
});

describe("drivers in the exported brief", () => {
  it("say how many times more or less likely, with the nats beside", async () => {
    const brief = await briefOf(world.teamA.demoAssessmentId);
    const md = renderMarkdown(brief);
    const exit = brief.drivers.find((d) => d.scenario === "Full exit")?.items[0];
    expect(exit).toBeDefined();
    const factor = Math.exp(Math.abs(exit?.nats ?? 0)).toFixed(2);
    expect(md).toContain(`${exit?.indicator} (${factor}× ${(exit?.nats ?? 0) > 0 ? "more" : "less"} likely; `);
    expect(md).toMatch(/\d\.\d\d nats\)/);
    expect(md).toContain("against the average scenario");
  });
});

describe("a horizon that has passed", () => {
  it("is said on the demo, whose horizon is behind today", async () => {
    const brief = await world.viewer.caller.assessments.brief({ assessmentId: world.teamA.demoAssessmentId });
    expect(brief.horizon < isoDay()).toBe(true);
    expect(brief.horizonPassed?.sentence).toMatch(/^Horizon passed \d+ (days|weeks|months|years) ago \(2025-06-30\)$/);
    expect(renderMarkdown(brief)).toContain(
      `**${brief.horizonPassed?.sentence}, and the assessment is still active.**`,
    );
    // A brief of a past moment says it too: the horizon is judged as the assessment stands today.
    const past = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, world.teamA.demoAssessmentId), {
      asOf: { seq: 3 },
    });
    expect(past.horizonPassed?.horizon).toBe("2025-06-30");
  });

  it("moves with a rationale, recorded in the history as one change; a viewer cannot move it", async () => {
    const id = world.teamA.demoAssessmentId;
    const view = await world.analyst.caller.assessments.get({ assessmentId: id });
    await expectRefusal(
      world.viewer.caller.workspace.updateAssessment({
        assessmentId: id,
        version: view.state.version,
        horizon: "2027-06-30",
        rationale: "Talks extended",
      }),
      "FORBIDDEN",
    );
    const answer = await world.analyst.caller.workspace.updateAssessment({
      assessmentId: id,
      version: view.state.version,
      horizon: "2027-06-30",
      rationale: "Withdrawal talks extended to mid-2027",
    });
    expect(answer.version).toBe(view.state.version + 1);
    const history = await world.viewer.caller.history.changes({ assessmentId: id, limit: 1 });
    expect(history.items[0]?.summary).toBe("Moved the horizon from 2025-06-30 to 2027-06-30");
    expect(history.items[0]?.rationale).toBe("Withdrawal talks extended to mid-2027");
    const brief = await world.viewer.caller.assessments.brief({ assessmentId: id });
    expect(brief.horizon).toBe("2027-06-30");
    expect(brief.horizonPassed).toBeNull();
  });
});
