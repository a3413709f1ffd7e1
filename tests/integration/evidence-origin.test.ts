// Origins of evidence (issue 17, DESIGN §2.3): setting and clearing an item's origin as an event that
// replays and undoes, copies of one report that leave the probabilities where they were, the roles and
// bad inputs of the three procedures, the dismissed suggestions that persist, and origins in the JSON
// export and import, the CSV and the brief.
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import * as schema from "@/db/tables";
import { checkAssessmentAccess } from "@/server/access";
import { stateAtSeq } from "@/server/assessments/replay";
import { loadAssessmentState } from "@/server/assessments/store";
import { buildBrief } from "@/server/export/brief";
import { exportAssessment } from "@/server/export/json/export";
import { prepareImport } from "@/server/export/json/prepare-import";
import { writeImport } from "@/server/export/json/write-import";
import { engineModel } from "@/shared/assessment/engine-model";
import { independentReports } from "@/shared/assessment/origins";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";
import { expectRefusal, write } from "./harness";
import {
  type BadCase,
  createFixture,
  describeBadInput,
  EVIDENCE,
  expectCommitted,
  foreignIds,
  long,
  must,
  RATIONALE,
  refuse,
  setUpWorkspaceWorld,
  teamB,
  VALID,
  world,
} from "./workspace-fixture";
import { comparable, eventsOf, replayEvents, snapshot, tableState } from "./workspace-helpers";

setUpWorkspaceWorld();

const MAXAR = "Maxar release, 10 Dec";

/** A second outlet's copy of the fixture's imagery item: same claim, weaker grade, other source. */
const COPY = {
  title: "Artillery parks stand empty, satellite images show",
  summary: "A wire story reporting the same commercial imagery.",
  sourceName: "Wire service",
  sourceUrl: "https://example.org/wire/parks",
  sourceKind: "media",
  reliability: "C",
  credibility: 3,
  observedAt: "2024-12-10",
} as const;

describe("setting an origin", () => {
  it("names the report an item repeats as one event, and a copy of it leaves the probabilities where they were", async () => {
    const f = await createFixture();
    const analyst = world.analyst.caller;
    let before = await snapshot(f.id);
    const named = await expectCommitted(
      before,
      await analyst.workspace.setEvidenceOrigin({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        origin: `  ${MAXAR}  `,
      }),
      "evidence.setOrigin",
    );
    expect(named.state.evidence.find((e) => e.id === f.e.imagery)?.origin).toBe(MAXAR);
    // Naming the origin of a lone item moves nothing.
    expect(named.result.probabilities).toEqual(assess(engineModel(before.state)).probabilities);
    const event = must((await eventsOf(f.id)).at(-1), "event");
    expect((event.payload as { summary: string }).summary).toBe(`Set the origin of '${EVIDENCE.title}' to '${MAXAR}'`);

    // The copy, added with the origin spelt another way, takes the existing spelling and counts once.
    before = await snapshot(f.id);
    const withCopy = await expectCommitted(
      before,
      await analyst.workspace.addEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        ...COPY,
        origin: "maxar   RELEASE, 10 dec",
        links: [{ indicatorId: f.i.withdrawal, direction: 1 }],
      }),
      "evidence.add",
    );
    const copy = must(withCopy.state.evidence.at(-1), "copy");
    expect(copy.origin).toBe(MAXAR);
    expect(withCopy.result.probabilities).toEqual(named.result.probabilities);
    expect(withCopy.result.sensitivity.evidence[copy.id]).toBe(0);
    expect(independentReports(withCopy.state.evidence)).toBe(2);

    // Clearing the copy's origin counts it again: the scenario expecting withdrawal rises.
    before = await snapshot(f.id);
    const cleared = await expectCommitted(
      before,
      await analyst.workspace.setEvidenceOrigin({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: copy.id,
        origin: "",
      }),
      "evidence.setOrigin",
    );
    expect(cleared.state.evidence.find((e) => e.id === copy.id)?.origin).toBeNull();
    expect(cleared.result.probabilities[f.s.holds]).toBeGreaterThan(named.result.probabilities[f.s.holds] ?? 1);
    expect((must((await eventsOf(f.id)).at(-1), "event").payload as { summary: string }).summary).toBe(
      `Cleared the origin of '${COPY.title}': it counts as its own report`,
    );

    // Editing the item sets it again, through updateEvidence.
    before = await snapshot(f.id);
    const edited = await expectCommitted(
      before,
      await analyst.workspace.updateEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: copy.id,
        origin: MAXAR.toUpperCase(),
      }),
      "evidence.update",
    );
    expect(edited.state.evidence.find((e) => e.id === copy.id)?.origin).toBe(MAXAR);
    expect(edited.result.probabilities).toEqual(named.result.probabilities);

    // Replaying the events rebuilds exactly the tables' state, origins included.
    expect(comparable(replayEvents(await eventsOf(f.id)).state)).toEqual(comparable(await tableState(f.id)));
  });

  it("is undone and redone like any edit", async () => {
    const f = await createFixture();
    const analyst = world.analyst.caller;
    const start = await snapshot(f.id);
    const set = await analyst.workspace.setEvidenceOrigin({
      assessmentId: f.id,
      version: start.state.version,
      evidenceId: f.e.monitors,
      origin: "OSCE daily report, 11 Dec",
    });
    const undone = await analyst.workspace.undo({ assessmentId: f.id, version: set.version });
    expect((await tableState(f.id)).evidence.find((e) => e.id === f.e.monitors)?.origin).toBeNull();
    await analyst.workspace.redo({ assessmentId: f.id, version: undone.version });
    expect((await tableState(f.id)).evidence.find((e) => e.id === f.e.monitors)?.origin).toBe(
      "OSCE daily report, 11 Dec",
    );
    expect(comparable(replayEvents(await eventsOf(f.id)).state)).toEqual(comparable(await tableState(f.id)));
  });

  it("reads a checkpoint written before origins as items that are their own reports", async () => {
    const f = await createFixture();
    const state = await tableState(f.id);
    const old = { ...state, evidence: state.evidence.map(({ origin: _origin, ...e }) => e) } as AssessmentState;
    await write((tx) => tx.insert(schema.checkpoints).values({ assessmentId: f.id, seq: state.version, state: old }));
    const replayed = await stateAtSeq(getDb(), f.id, state.version);
    expect(replayed.evidence.map((e) => e.origin)).toEqual([null, null]);
    expect(comparable(replayed)).toEqual(comparable(state));
  });

  it("is refused to a viewer, with nothing written", async () => {
    const f = await createFixture();
    await refuse(
      f.id,
      "setEvidenceOrigin",
      { evidenceId: f.e.imagery, origin: MAXAR },
      "FORBIDDEN",
      null,
      world.viewer,
    );
  });
});

const BAD: Partial<Record<"setEvidenceOrigin" | "addEvidence" | "updateEvidence", BadCase[]>> = {
  setEvidenceOrigin: [
    {
      label: "an origin over 200 characters",
      input: (f) => ({ ...VALID.setEvidenceOrigin(f), origin: long(201) }),
      field: "origin",
      message: "An origin is at most 200 characters",
    },
    {
      label: "an origin that is not text",
      input: (f) => ({ ...VALID.setEvidenceOrigin(f), origin: 7 }),
      field: "origin",
    },
    {
      label: "no origin to clear",
      input: (f) => ({ evidenceId: f.e.monitors, origin: null }),
      field: "origin",
      message: "This evidence item names no origin: nothing to clear",
    },
    {
      label: "a missing origin",
      input: (f) => ({ evidenceId: f.e.monitors }),
      field: "origin",
    },
    ...foreignIds("evidence", "evidenceId", VALID.setEvidenceOrigin),
  ],
  addEvidence: [
    {
      label: "an origin over 200 characters",
      input: (f) => ({ ...VALID.addEvidence(f), origin: long(201) }),
      field: "origin",
      message: "An origin is at most 200 characters",
    },
  ],
  updateEvidence: [
    {
      label: "an origin that is a number",
      input: (f) => ({ evidenceId: f.e.imagery, origin: 12 }),
      field: "origin",
    },
  ],
};
describeBadInput(BAD);

describe("dismissed suggestions", () => {
  it("are remembered per unordered pair, for everyone, and survive a fresh read", async () => {
    const f = await createFixture();
    const analyst = world.analyst.caller;
    expect(await analyst.assessments.originDismissals({ assessmentId: f.id })).toEqual({ pairs: [] });
    const before = await snapshot(f.id);
    const answer = await analyst.assessments.dismissOriginSuggestion({
      assessmentId: f.id,
      evidenceId: f.e.monitors,
      otherId: f.e.imagery,
    });
    const pair = [f.e.imagery, f.e.monitors].sort() as [string, string];
    expect(answer).toEqual({ pairs: [pair] });
    // Not an event: the assessment's version and history are as they were.
    expect((await snapshot(f.id)).state.version).toBe(before.state.version);
    expect(await eventsOf(f.id)).toHaveLength(before.events);
    // Twice, either way round, is harmless; a viewer reads the same pairs.
    await analyst.assessments.dismissOriginSuggestion({
      assessmentId: f.id,
      evidenceId: f.e.imagery,
      otherId: f.e.monitors,
    });
    expect(await world.viewer.caller.assessments.originDismissals({ assessmentId: f.id })).toEqual({ pairs: [pair] });
  });

  it("refuses a viewer, the same item twice, and an item of another assessment or team, naming the field", async () => {
    const f = await createFixture();
    const other = await createFixture("Another for dismissals");
    await expectRefusal(
      world.viewer.caller.assessments.dismissOriginSuggestion({
        assessmentId: f.id,
        evidenceId: f.e.imagery,
        otherId: f.e.monitors,
      }),
      "FORBIDDEN",
    );
    const same = await expectRefusal(
      world.analyst.caller.assessments.dismissOriginSuggestion({
        assessmentId: f.id,
        evidenceId: f.e.imagery,
        otherId: f.e.imagery,
      }),
      "BAD_REQUEST",
    );
    expect(Object.keys(same.fieldErrors ?? {})).toEqual(["otherId"]);
    for (const foreign of [other.e.imagery, teamB.evidence]) {
      const error = await expectRefusal(
        world.analyst.caller.assessments.dismissOriginSuggestion({
          assessmentId: f.id,
          evidenceId: f.e.imagery,
          otherId: foreign,
        }),
        "NOT_FOUND",
      );
      expect(error.fieldErrors?.otherId).toEqual([`No evidence item with id '${foreign}' in this assessment`]);
    }
    expect(await world.analyst.caller.assessments.originDismissals({ assessmentId: f.id })).toEqual({ pairs: [] });
    await expectRefusal(world.ownerB.caller.assessments.originDismissals({ assessmentId: f.id }), "NOT_FOUND");
  });
});

describe("origins in exports", () => {
  async function withCopy() {
    const f = await createFixture();
    const analyst = world.analyst.caller;
    let v = (await snapshot(f.id)).state.version;
    v = (
      await analyst.workspace.setEvidenceOrigin({
        assessmentId: f.id,
        version: v,
        evidenceId: f.e.imagery,
        origin: MAXAR,
      })
    ).version;
    await analyst.workspace.addEvidence({
      assessmentId: f.id,
      version: v,
      ...COPY,
      origin: MAXAR,
      links: [{ indicatorId: f.i.withdrawal, direction: 1 }],
    });
    return f;
  }

  it("round-trip through the JSON export and import, and a file without origins still imports", async () => {
    const f = await withCopy();
    const doc = await exportAssessment(getDb(), world.analyst.id, f.id);
    expect(doc.assessment.evidence.map((e) => e.origin)).toEqual([MAXAR, null, MAXAR]);
    const imported = await writeImport(
      getDb(),
      prepareImport(JSON.parse(JSON.stringify(doc)), { teamId: world.teamA.id }),
    );
    const state = must(await loadAssessmentState(getDb(), imported.id), "imported state");
    expect(state.evidence.map((e) => e.origin)).toEqual([MAXAR, null, MAXAR]);

    // A file written before origins: no origin anywhere, in the state or in the events.
    const plain = await createFixture("Written before origins");
    const plainDoc = await exportAssessment(getDb(), world.analyst.id, plain.id);
    const old = JSON.parse(JSON.stringify(plainDoc, (key, value) => (key === "origin" ? undefined : value)));
    expect(JSON.stringify(old.assessment)).not.toContain('"origin"');
    const fromOld = prepareImport(old, { teamId: world.teamA.id });
    expect(fromOld.state.evidence.map((e) => e.origin)).toEqual([null, null]);
  });

  it("refuses an origin in a file that breaks the rules, naming where", async () => {
    const f = await withCopy();
    const doc = JSON.parse(JSON.stringify(await exportAssessment(getDb(), world.analyst.id, f.id)));
    doc.assessment.evidence[0].origin = long(201);
    let message = "";
    try {
      prepareImport(doc, { teamId: world.teamA.id });
    } catch (error) {
      message = String((error as Error).message);
      expect((error as { field?: string }).field).toMatch(/assessment\.evidence\.0\.origin/);
    }
    expect(message).toMatch(/origin is at most 200 characters/);
  });

  it("count reports, not items, in the brief's 'what the call leans on'", async () => {
    const f = await withCopy();
    const brief = await buildBrief(await checkAssessmentAccess(getDb(), world.analyst.id, f.id));
    const titles = brief.leanedOn.map((e) => e.title);
    expect(titles).toContain(`${MAXAR} (2 evidence items, one report)`);
    expect(titles).not.toContain(COPY.title);
    const maxar = must(
      brief.leanedOn.find((e) => e.title.startsWith(MAXAR)),
      "the Maxar report",
    );
    // At its best grade (the B2 imagery, not the C3 copy).
    expect(maxar.grade).toBe("B2");
  });
});
