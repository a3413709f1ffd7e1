// The workspace API on evidence (issue 4): adding, regrading, linking, unlinking and deleting items,
// each edit's effect on the probabilities, its one event and answer, and every bad input refused by
// name with nothing written.

import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { todayIso } from "@/server/assessments/assessments";
import { engineModel } from "@/shared/assessment/engine-model";
import { assess } from "@/shared/engine";
import { rowCounts } from "./harness";
import {
  type BadCase,
  createFixture,
  describeBadInput,
  EVIDENCE,
  expectCommitted,
  foreignIds,
  long,
  must,
  other,
  p,
  probabilitiesOf,
  RATIONALE,
  refuse,
  setUpWorkspaceWorld,
  TOMORROW,
  teamB,
  VALID,
  world,
} from "./workspace-fixture";
import { snapshot } from "./workspace-helpers";

setUpWorkspaceWorld();

describe("each edit, made by an analyst", () => {
  it("addEvidence records a graded item with its author; an A1 'present' link raises the scenario expecting it", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = assess(engineModel(before.state));
    const start = Date.now();
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.addEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        title: "  Defence ministry confirms withdrawal ",
        summary: "Official statement with unit list",
        sourceName: "Ministry of Defence",
        sourceUrl: "https://example.org/statement",
        sourceKind: "official_statement",
        reliability: "A",
        credibility: 1,
        observedAt: todayIso(),
        links: [
          { indicatorId: f.i.withdrawal, direction: 1 },
          { indicatorId: f.i.artillery, direction: -1 },
        ],
      }),
      "evidence.add",
    );
    const added = must(view.state.evidence.at(-1), "added evidence");
    expect(added).toMatchObject({
      title: "Defence ministry confirms withdrawal",
      summary: "Official statement with unit list",
      sourceName: "Ministry of Defence",
      sourceUrl: "https://example.org/statement",
      sourceKind: "official_statement",
      reliability: "A",
      credibility: 1,
      observedAt: todayIso(),
      authorId: world.analyst.id,
      authorName: world.analyst.name,
      links: { [f.i.withdrawal]: 1, [f.i.artillery]: -1 },
    });
    expect(added.recordedAt).toBeGreaterThanOrEqual(start);
    expect(must(view.result.presence[f.i.withdrawal], "q")).toBeGreaterThan(must(old.presence[f.i.withdrawal], "q"));
    expect(must(view.result.presence[f.i.artillery], "q")).toBeLessThan(must(old.presence[f.i.artillery], "q"));
    expect(p(view.result.probabilities, f.s.holds)).toBeGreaterThan(p(old.probabilities, f.s.holds));
  });

  it("updateEvidence downgrading the grade weakens the presence and lowers the scenario it supported", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = assess(engineModel(before.state));
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.updateEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        title: "Imagery (single provider)",
        reliability: "E",
        credibility: 5,
        sourceUrl: null,
      }),
      "evidence.update",
    );
    expect(view.state.evidence.find((e) => e.id === f.e.imagery)).toMatchObject({
      title: "Imagery (single provider)",
      reliability: "E",
      credibility: 5,
      sourceUrl: null,
      sourceName: EVIDENCE.sourceName,
      links: { [f.i.withdrawal]: 1 },
    });
    // E5: a = 0.5 + 0.5·0.2·0.2 = 0.52.
    expect(view.result.presence[f.i.withdrawal]).toBeCloseTo(0.52, 12);
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old.probabilities, f.s.holds));
  });

  it("linkEvidence adds a link, and relinking the other way replaces its direction", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = assess(engineModel(before.state));
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.linkEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        indicatorId: f.i.artillery,
        direction: -1,
      }),
      "evidence.link",
    );
    expect(view.state.evidence.find((e) => e.id === f.e.imagery)?.links).toEqual({
      [f.i.withdrawal]: 1,
      [f.i.artillery]: -1,
    });
    // A second "absent" item on artillery duels, which holds rates unlikely: holds rises.
    expect(must(view.result.presence[f.i.artillery], "q")).toBeLessThan(must(old.presence[f.i.artillery], "q"));
    expect(p(view.result.probabilities, f.s.holds)).toBeGreaterThan(p(old.probabilities, f.s.holds));

    const middle = await snapshot(f.id);
    const flipped = await expectCommitted(
      middle,
      await world.analyst.caller.workspace.linkEvidence({
        assessmentId: f.id,
        version: middle.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        indicatorId: f.i.artillery,
        direction: 1,
      }),
      "evidence.link",
    );
    expect(flipped.state.evidence.find((e) => e.id === f.e.imagery)?.links[f.i.artillery]).toBe(1);
    expect(p(flipped.result.probabilities, f.s.holds)).toBeLessThan(p(view.result.probabilities, f.s.holds));
  });

  it("unlinkEvidence removes the link and its pull: presence returns to 0.5", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.unlinkEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.monitors,
        indicatorId: f.i.artillery,
      }),
      "evidence.unlink",
    );
    expect(view.state.evidence.find((e) => e.id === f.e.monitors)?.links).toEqual({});
    expect(view.result.presence[f.i.artillery]).toBe(0.5);
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
  });

  it("deleteEvidence removes the item and its links; the indicator it fed goes back to 0.5", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.deleteEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
      }),
      "evidence.delete",
    );
    expect(view.state.evidence.map((e) => e.id)).toEqual([f.e.monitors]);
    expect((await rowCounts()).evidence).toBe(before.counts.evidence - 1);
    const links = first(
      await getDb()
        .select({ n: count() })
        .from(schema.evidenceLinks)
        .where(eq(schema.evidenceLinks.evidenceId, f.e.imagery)),
    )?.n;
    expect(links).toBe(0);
    expect(view.result.presence[f.i.withdrawal]).toBe(0.5);
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
  });
});

/** The edits whose bad inputs this file covers. */
type AreaEdit = "addEvidence" | "updateEvidence" | "linkEvidence" | "unlinkEvidence" | "deleteEvidence";

const BAD: Record<AreaEdit, BadCase[]> = {
  addEvidence: [
    ...(
      [
        ["title", "", "Give the evidence a title"],
        ["title", "  ", "Give the evidence a title"],
        ["title", long(301), "A title is at most 300 characters"],
        ["sourceName", "", "Name the source"],
        ["sourceName", long(301), "A source name is at most 300 characters"],
        ["summary", long(5001), "A summary is at most 5,000 characters"],
        ["sourceUrl", "javascript:alert(1)", "Give a web address starting with http:// or https://"],
        ["sourceUrl", "ftp://x", "Give a web address starting with http:// or https://"],
        ["sourceUrl", "https://", "Give a web address starting with http:// or https://"],
        ["sourceUrl", `https://example.org/${long(2000)}`, "A URL is at most 2,000 characters"],
        ["sourceKind", "rumour", "Source kind is imagery, official_statement, media, expert, report or other"],
        ["reliability", "G", "Source reliability is a letter from A to F"],
        ["reliability", "b", "Source reliability is a letter from A to F"],
        ["credibility", 7, "Information credibility is a number from 1 to 6"],
        ["credibility", 0, "Information credibility is a number from 1 to 6"],
        ["credibility", 2.5, "Information credibility is a whole number from 1 to 6"],
        ["credibility", "2", "Information credibility is a number from 1 to 6"],
        ["observedAt", "2099-01-01", "The observed-at date is in the future: use the date it happened or was reported"],
        ["observedAt", "2024-02-30", "That date does not exist"],
        ["observedAt", "10/12/2024", "Give a date as YYYY-MM-DD"],
      ] as const
    ).map(
      ([field, value, message]): BadCase => ({
        label: `${field} ${JSON.stringify(value).slice(0, 30)}`,
        input: (f) => ({ ...VALID.addEvidence(f), [field]: value }),
        field,
        message,
      }),
    ),
    {
      label: "observedAt tomorrow",
      input: (f) => ({ ...VALID.addEvidence(f), observedAt: TOMORROW() }),
      field: "observedAt",
      message: "The observed-at date is in the future: use the date it happened or was reported",
    },
    {
      label: "the same indicator linked twice",
      input: (f) => ({
        ...VALID.addEvidence(f),
        links: [
          { indicatorId: f.i.withdrawal, direction: 1 },
          { indicatorId: f.i.withdrawal, direction: -1 },
        ],
      }),
      field: "links.1.indicatorId",
      message: "The same indicator is linked twice",
    },
    ...(
      [
        ["an unknown", () => "no-such-indicator"],
        ["another assessment's", () => other.i.withdrawal],
        ["another team's", () => teamB.indicator],
      ] as const
    ).map(
      ([label, id]): BadCase => ({
        label: `a link to ${label} indicator`,
        input: (f) => ({
          ...VALID.addEvidence(f),
          links: [
            { indicatorId: f.i.artillery, direction: 1 },
            { indicatorId: id(), direction: 1 },
          ],
        }),
        field: "links.1.indicatorId",
        message: () => `No indicator with id '${id()}' in this assessment`,
      }),
    ),
    {
      label: "a link direction of 0",
      input: (f) => ({ ...VALID.addEvidence(f), links: [{ indicatorId: f.i.withdrawal, direction: 0 }] }),
      field: "links.0.direction",
      message: "Direction is 1 (indicates present) or -1 (indicates absent)",
    },
  ],
  updateEvidence: [
    ...foreignIds("evidence", "evidenceId", VALID.updateEvidence),
    ...(
      [
        ["title", "", "Give the evidence a title"],
        ["sourceName", " ", "Name the source"],
        ["sourceUrl", "javascript:alert(1)", "Give a web address starting with http:// or https://"],
        ["reliability", "G", "Source reliability is a letter from A to F"],
        ["credibility", 7, "Information credibility is a number from 1 to 6"],
        ["observedAt", "2099-01-01", "The observed-at date is in the future: use the date it happened or was reported"],
      ] as const
    ).map(
      ([field, value, message]): BadCase => ({
        label: `${field} ${JSON.stringify(value)}`,
        input: (f) => ({ evidenceId: f.e.imagery, [field]: value }),
        field,
        message,
      }),
    ),
    {
      label: "nothing to change",
      input: (f) => ({ evidenceId: f.e.imagery }),
      field: "input",
      message: "Nothing to change: give at least one field",
    },
  ],
  linkEvidence: [
    ...foreignIds("evidence", "evidenceId", VALID.linkEvidence),
    ...foreignIds("indicator", "indicatorId", VALID.linkEvidence),
    ...[0, 2, "1"].map(
      (direction): BadCase => ({
        label: `a direction of ${JSON.stringify(direction)}`,
        input: (f) => ({ ...VALID.linkEvidence(f), direction }),
        field: "direction",
        message: "Direction is 1 (indicates present) or -1 (indicates absent)",
      }),
    ),
    {
      label: "a link that already exists in that direction",
      input: (f) => ({ evidenceId: f.e.imagery, indicatorId: f.i.withdrawal, direction: 1 }),
      field: "indicatorId",
      message: "This evidence item is already linked to that indicator as 'indicates present'",
    },
  ],
  unlinkEvidence: [
    ...foreignIds("evidence", "evidenceId", VALID.unlinkEvidence),
    {
      label: "a pair that is not linked",
      input: (f) => ({ evidenceId: f.e.imagery, indicatorId: f.i.artillery }),
      field: "indicatorId",
      message: "This evidence item is not linked to that indicator",
    },
    {
      label: "another assessment's indicator",
      input: (f) => ({ evidenceId: f.e.imagery, indicatorId: other.i.withdrawal }),
      field: "indicatorId",
      message: "This evidence item is not linked to that indicator",
    },
  ],
  deleteEvidence: [...foreignIds("evidence", "evidenceId", VALID.deleteEvidence)],
};

describeBadInput(BAD);

describe("bad input that needs a particular state", () => {
  it("unlinking a pair twice: the second is refused", async () => {
    const f = await createFixture();
    const input = { evidenceId: f.e.imagery, indicatorId: f.i.withdrawal };
    await world.analyst.caller.workspace.unlinkEvidence({
      assessmentId: f.id,
      version: (await snapshot(f.id)).state.version,
      ...input,
    });
    const error = await refuse(f.id, "unlinkEvidence", input, "BAD_REQUEST", "indicatorId");
    expect(error.message).toBe("This evidence item is not linked to that indicator");
  });

  it("an evidence link to a deleted indicator is refused", async () => {
    const f = await createFixture();
    await world.analyst.caller.workspace.deleteIndicator({
      assessmentId: f.id,
      version: (await snapshot(f.id)).state.version,
      indicatorId: f.i.artillery,
    });
    const error = await refuse(
      f.id,
      "linkEvidence",
      { evidenceId: f.e.monitors, indicatorId: f.i.artillery, direction: 1 },
      "NOT_FOUND",
      "indicatorId",
    );
    expect(error.message).toBe(`No indicator with id '${f.i.artillery}' in this assessment`);
    const links = first(
      await getDb()
        .select({ n: count() })
        .from(schema.evidenceLinks)
        .where(
          and(eq(schema.evidenceLinks.evidenceId, f.e.monitors), eq(schema.evidenceLinks.indicatorId, f.i.artillery)),
        ),
    )?.n;
    expect(links).toBe(0);
  });
});
