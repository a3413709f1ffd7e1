// History and review (issue 5): timeline, change list, as-of view, baselines, compare, comments,
// resolution and scores, through the routers on a freshly seeded demo, asserting the figures.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeriesPoint } from "@/server/assessments/series";
import { downsample } from "@/server/history/timeline";
import { brierScore, estimativeTerm, logScore, timeWeightedBrier } from "@/shared/engine";
import { buildWorld, expectRefusal, type World } from "./harness";
import { eventsOf, expectUnchanged, follow, replayEvents, snapshot } from "./workspace-helpers";

let world: World;
const demo = () => world.teamA.demoAssessmentId;

beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.db.cleanup());

const current = () => world.owner.caller.assessments.get({ assessmentId: demo() });

function expectProbabilitiesClose(actual: Record<string, number>, expected: Record<string, number>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, p] of Object.entries(expected)) expect(actual[id], id).toBeCloseTo(p, 12);
}

describe("timeline", () => {
  it("counts every event and returns every point of the demo, at most 1000", async () => {
    const events = await eventsOf(demo());
    const { points, total } = await world.viewer.caller.history.timeline({ assessmentId: demo() });
    expect(total).toBe(events.length);
    expect(points.length).toBeLessThanOrEqual(1000);
    // The demo is far below 1000 events: nothing is dropped.
    expect(points.map((p) => p.seq)).toEqual(events.map((e) => e.seq));
    for (const [k, p] of points.entries()) {
      expect(p.at).toBe(events[k]?.at.getTime());
      expect(p.probabilities).toEqual(events[k]?.probabilities);
    }
  });

  it("downsample keeps every scenario's max and min of a 50,000-point series in ≤ 1000 points", () => {
    const ids = ["a", "b", "c"];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const series: SeriesPoint[] = Array.from({ length: 50_000 }, (_, k) => {
      const raw = ids.map((_, s) => 1 + Math.sin(k / (500 + 300 * s)) + 0.3 * random());
      const sum = raw.reduce((x, y) => x + y, 0);
      return {
        seq: k + 1,
        at: 1_700_000_000_000 + k * 60_000,
        probabilities: Object.fromEntries(ids.map((id, s) => [id, (raw[s] ?? 0) / sum])),
      };
    });
    const out = downsample(series, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.length).toBeGreaterThan(100);
    expect(out[0]).toBe(series[0]);
    expect(out[out.length - 1]).toBe(series[series.length - 1]);
    const seqs = out.map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    for (const id of ids) {
      const all = series.map((p) => p.probabilities[id] ?? 0);
      const kept = out.map((p) => p.probabilities[id] ?? 0);
      expect(Math.max(...kept), `max of ${id}`).toBe(Math.max(...all));
      expect(Math.min(...kept), `min of ${id}`).toBe(Math.min(...all));
    }
  });

  it("downsample keeps the peaks of a scenario archived halfway (absent from the latest points)", () => {
    const series: SeriesPoint[] = Array.from({ length: 50_000 }, (_, k) => {
      const d = 0.5 + 0.4 * Math.sin(k / 53 + 1) * Math.cos(k / 7);
      const probabilities: Record<string, number> = k < 25_000 ? { a: 0.5 + 0.1 * Math.sin(k / 11), d } : { a: 1 };
      return { seq: k + 1, at: k * 1000, probabilities };
    });
    const out = downsample(series, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    const all = series.slice(0, 25_000).map((p) => p.probabilities.d ?? 0);
    const kept = out.filter((p) => p.probabilities.d !== undefined).map((p) => p.probabilities.d ?? 0);
    expect(Math.max(...kept)).toBe(Math.max(...all));
    expect(Math.min(...kept)).toBe(Math.min(...all));
  });

  it("a period filter limits the points and the total", async () => {
    const events = await eventsOf(demo());
    const from = events[3]?.at.getTime() ?? 0;
    const to = events[10]?.at.getTime() ?? 0;
    const inside = events.filter((e) => e.at.getTime() >= from && e.at.getTime() <= to);
    expect(inside.length).toBeLessThan(events.length);
    const { points, total } = await world.viewer.caller.history.timeline({ assessmentId: demo(), from, to });
    expect(total).toBe(inside.length);
    expect(points.map((p) => p.seq)).toEqual(inside.map((e) => e.seq));
    for (const p of points) {
      expect(p.at).toBeGreaterThanOrEqual(from);
      expect(p.at).toBeLessThanOrEqual(to);
    }
  });
});

describe("changes", () => {
  it("lists newest first and pages with `before` through every change exactly once", async () => {
    const events = await eventsOf(demo());
    const seen: number[] = [];
    let before: number | undefined;
    for (let page = 0; page < 100; page++) {
      const { items, nextBefore } = await world.viewer.caller.history.changes({
        assessmentId: demo(),
        limit: 4,
        before,
      });
      expect(items.length).toBeLessThanOrEqual(4);
      seen.push(...items.map((i) => i.seq));
      if (nextBefore === null) break;
      before = nextBefore;
    }
    expect(seen).toEqual(events.map((e) => e.seq).reverse());
    expect(new Set(seen).size).toBe(events.length);
  });

  it("filters by actor and by kind", async () => {
    const events = await eventsOf(demo());
    const facets = await world.viewer.caller.history.facets({ assessmentId: demo() });
    // The demo's history has no accounts: one person per name.
    expect(facets.actors.map((a) => a.name)).toEqual([...new Set(events.map((e) => e.actorName))].sort());
    expect(facets.actors.every((a) => a.id === null && a.key === `name:${a.name}`)).toBe(true);
    expect(facets.kinds).toEqual([...new Set(events.map((e) => e.kind))].sort());
    const actor = facets.actors[0];
    if (!actor) throw new Error("The demo history names nobody");
    const byActor = await world.viewer.caller.history.changes({
      assessmentId: demo(),
      actors: [actor.key],
      limit: 500,
    });
    expect(byActor.items.map((i) => i.seq)).toEqual(
      events
        .filter((e) => e.actorName === actor.name)
        .map((e) => e.seq)
        .reverse(),
    );
    expect(byActor.items.length).toBeLessThan(events.length);
    const kind = "evidence.add";
    const byKind = await world.viewer.caller.history.changes({ assessmentId: demo(), kinds: [kind], limit: 500 });
    const expected = events.filter((e) => e.kind === kind).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(0);
    expect(byKind.items.map((i) => i.seq)).toEqual(expected.reverse());
    expect(byKind.items.every((i) => i.kind === kind && i.changesState)).toBe(true);
  });
});

describe("as-of view", () => {
  it("{seq: 9} equals replaying the first 9 events", async () => {
    const events = await eventsOf(demo());
    const nine = events.slice(0, 9);
    const view = await world.viewer.caller.history.asOf({ assessmentId: demo(), moment: { seq: 9 } });
    expect(view.moment.seq).toBe(9);
    expect(view.moment.at).toBe(nine[8]?.at.getTime());
    expect(view.moment.latest).toBe(events.length);
    expect(view.state).toEqual(replayEvents(nine).state);
    expectProbabilitiesClose(view.result.probabilities, nine[8]?.probabilities as Record<string, number>);
    // And it differs from now, so the comparison means something.
    const now = await current();
    expect(view.state.version).toBeLessThan(now.state.version);
  });

  it("refuses a moment before the assessment existed, naming asOf", async () => {
    const error = await expectRefusal(
      world.viewer.caller.history.asOf({ assessmentId: demo(), moment: { at: "2024-12-01T00:00:00Z" } }),
      "BAD_REQUEST",
    );
    expect(error.fieldErrors?.asOf?.[0]).toContain("did not exist yet");
  });

  it("refuses a moment in the future", async () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const error = await expectRefusal(
      world.viewer.caller.history.asOf({ assessmentId: demo(), moment: { at } }),
      "BAD_REQUEST",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["asOf"]);
  });

  it("refuses an unknown baseline and another team's member", async () => {
    await expectRefusal(
      world.viewer.caller.history.asOf({ assessmentId: demo(), moment: { baselineId: crypto.randomUUID() } }),
      "NOT_FOUND",
    );
    await expectRefusal(world.ownerB.caller.history.asOf({ assessmentId: demo(), moment: { seq: 1 } }), "NOT_FOUND");
  });
});

describe("the brief's moment and comparison", () => {
  const brief = (input: Omit<Parameters<typeof world.viewer.caller.assessments.brief>[0], "assessmentId">) =>
    world.viewer.caller.assessments.brief({ assessmentId: demo(), ...input });

  it("measures from compareTo, reads baselineId as its older name, and refuses the two naming different baselines", async () => {
    const [first] = await world.viewer.caller.history.baselines({ assessmentId: demo() });
    if (!first) throw new Error("The demo has no baseline");
    const renamed = await brief({ compareTo: first.id });
    expect(renamed.baseline?.id).toBe(first.id);
    expect(await brief({ baselineId: first.id })).toEqual(renamed);
    expect(await brief({ compareTo: first.id, baselineId: first.id })).toEqual(renamed);
    const twice = await expectRefusal(brief({ compareTo: first.id, baselineId: crypto.randomUUID() }), "BAD_REQUEST");
    expect(twice.fieldErrors?.baselineId).toBeDefined();
    await expectRefusal(brief({ compareTo: crypto.randomUUID() }), "NOT_FOUND");
  });

  it("takes its moment as history.asOf does: a change number, a date-time or a baseline, one at a time", async () => {
    const [first] = await world.viewer.caller.history.baselines({ assessmentId: demo() });
    if (!first) throw new Error("The demo has no baseline");
    const at = new Date((await eventsOf(demo()))[0]?.at ?? 0).toISOString();
    for (const moment of [{ seq: 1 }, { at }, { baselineId: first.id }]) {
      const view = await world.viewer.caller.history.asOf({ assessmentId: demo(), moment });
      expect((await brief({ asOf: moment })).asOf.seq, JSON.stringify(moment)).toBe(view.moment.seq);
    }
    await expectRefusal(brief({ asOf: { seq: 1, at } }), "BAD_REQUEST");
    await expectRefusal(brief({ asOf: { at: "yesterday" } }), "BAD_REQUEST");
  });
});

describe("baselines", () => {
  it("an analyst creates, lists and deletes a baseline, each appending an event", async () => {
    const analyst = world.analyst.caller;
    const before = (await eventsOf(demo())).length;
    const listed = await analyst.history.baselines({ assessmentId: demo() });
    const created = await analyst.history.createBaseline({ assessmentId: demo(), name: "  Brief to J2, 13 Dec  " });
    expect(created.name).toBe("Brief to J2, 13 Dec");
    let events = await eventsOf(demo());
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)?.kind).toBe("baseline.create");
    expect(created.eventSeq).toBe(events.at(-1)?.seq);
    const after = await world.viewer.caller.history.baselines({ assessmentId: demo() });
    expect(after.map((b) => b.id)).toEqual([...listed.map((b) => b.id), created.id]);

    const remaining = await analyst.history.deleteBaseline({ assessmentId: demo(), baselineId: created.id });
    expect(remaining.map((b) => b.id)).toEqual(listed.map((b) => b.id));
    events = await eventsOf(demo());
    expect(events).toHaveLength(before + 2);
    expect(events.at(-1)?.kind).toBe("baseline.delete");
    expect(events.at(-1)?.payload).toMatchObject({ baselineId: created.id });
  });

  it("refuses a viewer and an empty name, writing nothing", async () => {
    const before = await snapshot(demo());
    await expectRefusal(
      world.viewer.caller.history.createBaseline({ assessmentId: demo(), name: "Mine" }),
      "FORBIDDEN",
    );
    const [existing] = await world.viewer.caller.history.baselines({ assessmentId: demo() });
    await expectRefusal(
      world.viewer.caller.history.deleteBaseline({ assessmentId: demo(), baselineId: existing?.id ?? "" }),
      "FORBIDDEN",
    );
    const error = await expectRefusal(
      world.analyst.caller.history.createBaseline({ assessmentId: demo(), name: "   " }),
      "BAD_REQUEST",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["name"]);
    await expectUnchanged(demo(), before);
  });
});

describe("compare", () => {
  it("defaults to the latest baseline vs now, with deltas and terms that add up", async () => {
    const list = await world.viewer.caller.history.baselines({ assessmentId: demo() });
    const latest = list.at(-1);
    expect(latest).toBeDefined();
    const cmp = await world.viewer.caller.history.compare({ assessmentId: demo() });
    expect(cmp.from.seq).toBe(latest?.eventSeq);
    expect(cmp.to.seq).toBe((await eventsOf(demo())).length);
    const fromView = await world.viewer.caller.history.asOf({
      assessmentId: demo(),
      moment: { baselineId: latest?.id ?? "" },
    });
    const now = await current();
    expect(cmp.scenarios).toHaveLength(now.state.scenarios.length);
    for (const s of cmp.scenarios) {
      expect(s.from).toBeCloseTo(fromView.result.probabilities[s.scenarioId] ?? Number.NaN, 12);
      expect(s.to).toBeCloseTo(now.result.probabilities[s.scenarioId] ?? Number.NaN, 12);
      expect(Math.abs(s.deltaPoints - ((s.to ?? 0) - (s.from ?? 0)) * 100)).toBeLessThan(1e-9);
      expect(s.fromTerm).toBe(estimativeTerm(s.from ?? 0));
      expect(s.toTerm).toBe(estimativeTerm(s.to ?? 0));
      expect(s.termChanged).toBe(estimativeTerm(s.from ?? 0) !== estimativeTerm(s.to ?? 0));
    }
  });

  it("attributes a move to the indicator new evidence was linked to", async () => {
    await world.analyst.caller.history.createBaseline({ assessmentId: demo(), name: "Before the new imagery" });
    const view = await current();
    // The indicator whose presence is least settled moves most when evidence arrives.
    const indicator = [...view.state.indicators].sort(
      (x, y) =>
        Math.abs((view.result.presence[x.id] ?? 0.5) - 0.5) - Math.abs((view.result.presence[y.id] ?? 0.5) - 0.5),
    )[0];
    if (!indicator) throw new Error("The demo has no indicators");
    const title = "Satellite imagery, 14 Dec";
    await world.analyst.caller.workspace.addEvidence({
      assessmentId: demo(),
      version: view.state.version,
      title,
      sourceName: "Maxar",
      sourceKind: "imagery",
      reliability: "A",
      credibility: 1,
      observedAt: "2024-12-14",
      links: [{ indicatorId: indicator.id, direction: 1 }],
    });
    const cmp = await world.viewer.caller.history.compare({ assessmentId: demo() });
    const moved = [...cmp.scenarios].sort((x, y) => Math.abs(y.deltaPoints) - Math.abs(x.deltaPoints))[0];
    expect(Math.abs(moved?.deltaPoints ?? 0)).toBeGreaterThan(0.5);
    expect(moved?.drivers.map((d) => d.indicatorId)).toContain(indicator.id);
    expect(moved?.drivers.find((d) => d.indicatorId === indicator.id)?.after.map((a) => a.title)).toEqual([title]);
    expect(moved?.sentence).toContain(indicator.name);
    expect(moved?.sentence).toContain(title);
    expect(
      Object.values(cmp.changes.evidence)
        .flat()
        .map((c) => c.kind),
    ).toEqual(["evidence.add"]);
  });

  it("refuses another team's assessment", async () => {
    await expectRefusal(world.analyst.caller.history.compare({ assessmentId: world.teamB.assessmentId }), "NOT_FOUND");
    await expectRefusal(world.ownerB.caller.history.compare({ assessmentId: demo(), from: { seq: 1 } }), "NOT_FOUND");
  });
});

describe("comments", () => {
  let commentId = "";

  it("a viewer can comment, and the comment is listed and logged", async () => {
    const before = (await eventsOf(demo())).length;
    const row = await world.viewer.caller.history.addComment({
      assessmentId: demo(),
      targetKind: "assessment",
      targetId: demo(),
      body: "  Should we brief this today?  ",
    });
    commentId = row.id;
    expect(row.body).toBe("Should we brief this today?");
    expect(row.authorName).toBe(world.viewer.name);
    const events = await eventsOf(demo());
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)?.kind).toBe("comment.add");
    const listed = await world.analyst.caller.history.comments({ assessmentId: demo() });
    expect(listed.map((c) => c.id)).toContain(row.id);
  });

  it("refuses an empty body and a reply on another target, writing nothing", async () => {
    const before = await snapshot(demo());
    const comments = await world.viewer.caller.history.comments({ assessmentId: demo() });
    const empty = await expectRefusal(
      world.viewer.caller.history.addComment({
        assessmentId: demo(),
        targetKind: "assessment",
        targetId: demo(),
        body: "   ",
      }),
      "BAD_REQUEST",
    );
    expect(Object.keys(empty.fieldErrors ?? {})).toEqual(["body"]);
    const scenario = (await current()).state.scenarios[0];
    const reply = await expectRefusal(
      world.viewer.caller.history.addComment({
        assessmentId: demo(),
        targetKind: "scenario",
        targetId: scenario?.id ?? "",
        parentId: commentId,
        body: "A reply in the wrong place",
      }),
      "BAD_REQUEST",
    );
    expect(Object.keys(reply.fieldErrors ?? {})).toEqual(["parentId"]);
    await expectUnchanged(demo(), before);
    expect(await world.viewer.caller.history.comments({ assessmentId: demo() })).toEqual(comments);
  });

  it("only the author edits, and the original stays in the history", async () => {
    const before = await snapshot(demo());
    await expectRefusal(
      world.analyst.caller.history.editComment({ assessmentId: demo(), commentId, body: "Hijacked" }),
      "FORBIDDEN",
    );
    await expectUnchanged(demo(), before);
    const edited = await world.viewer.caller.history.editComment({
      assessmentId: demo(),
      commentId,
      body: "Should we brief this tomorrow?",
    });
    expect(edited.body).toBe("Should we brief this tomorrow?");
    expect(edited.editedAt).toBeInstanceOf(Date);
    const last = (await eventsOf(demo())).at(-1);
    expect(last?.kind).toBe("comment.edit");
    expect(last?.payload).toMatchObject({
      commentId,
      before: "Should we brief this today?",
      after: "Should we brief this tomorrow?",
    });
    const listed = await world.viewer.caller.history.comments({ assessmentId: demo() });
    expect(listed.find((c) => c.id === commentId)?.body).toBe("Should we brief this tomorrow?");
  });
});

describe("resolution and scores", () => {
  const consolidation = async () => {
    const view = await current();
    const scenario = view.state.scenarios.find((s) => s.name === "Partial consolidation");
    if (!scenario) throw new Error("The demo has no 'Partial consolidation' scenario");
    return { view, scenarioId: scenario.id };
  };

  it("refuses bad resolutions and scoring an unresolved assessment, writing nothing", async () => {
    const { view, scenarioId } = await consolidation();
    const before = await snapshot(demo());
    const other = await world.ownerB.caller.assessments.get({ assessmentId: world.teamB.assessmentId });
    const foreign = other.state.scenarios[0]?.id ?? "";
    const resolve = (input: { scenarioId?: string; resolvedAt?: string }, who = world.analyst) =>
      who.caller.history.resolve({
        assessmentId: demo(),
        version: view.state.version,
        scenarioId: input.scenarioId ?? scenarioId,
        resolvedAt: input.resolvedAt ?? "2025-06-30",
        note: "Bases kept, reduced footprint",
      });
    await expectRefusal(resolve({ scenarioId: foreign }), "NOT_FOUND");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const resolvedAt of ["2024-12-07", tomorrow]) {
      const error = await expectRefusal(resolve({ resolvedAt }), "BAD_REQUEST");
      expect(Object.keys(error.fieldErrors ?? {}), resolvedAt).toEqual(["resolvedAt"]);
    }
    await expectRefusal(resolve({}, world.viewer), "FORBIDDEN");
    await expectRefusal(world.viewer.caller.history.score({ assessmentId: demo() }), "BAD_REQUEST");
    await expectUnchanged(demo(), before);
    expect((await current()).state.version).toBe(view.state.version);
  });

  it("scores the demo resolved with 'Partial consolidation' at 2025-06-30", async () => {
    const { view, scenarioId } = await consolidation();
    const resolved = await world.analyst.caller.history.resolve({
      assessmentId: demo(),
      version: view.state.version,
      scenarioId,
      resolvedAt: "2025-06-30",
      note: "Bases kept, reduced footprint",
    });
    expect(resolved.state.status).toBe("resolved");
    expect((await eventsOf(demo())).at(-1)?.kind).toBe("assessment.resolve");

    const now = await current();
    const card = await world.viewer.caller.history.score({ assessmentId: demo() });
    expect(card.resolvedScenarioId).toBe(scenarioId);
    expect(card.resolvedScenarioName).toBe("Partial consolidation");
    expect(card.resolvedAt).toBe("2025-06-30");
    expect(card.final.probability).toBeCloseTo(now.result.probabilities[scenarioId] ?? Number.NaN, 12);
    expect(card.final.brier).toBeCloseTo(brierScore(now.result.probabilities, scenarioId), 12);
    expect(card.final.logScore).toBeCloseTo(logScore(now.result.probabilities, scenarioId), 12);

    const { points } = await world.viewer.caller.history.timeline({ assessmentId: demo(), maxPoints: 5000 });
    const expected = timeWeightedBrier(points, scenarioId, Date.parse("2025-07-01T00:00:00Z"));
    expect(card.timeWeightedBrier).toBeGreaterThanOrEqual(0);
    expect(card.timeWeightedBrier).toBeLessThanOrEqual(2);
    expect(card.timeWeightedBrier).toBeCloseTo(expected, 12);

    expect(card.postMortem.map((r) => r.indicatorId)).toEqual(now.state.indicators.map((i) => i.id));
    for (const row of card.postMortem) {
      expect(row.contribution).toBeCloseTo(now.result.contributions[row.indicatorId]?.[scenarioId] ?? 0, 12);
      // A contribution of exactly zero (nothing observed) points nowhere.
      expect(row.pointedToward).toBe(Math.abs(row.contribution) < 1e-9 ? null : row.contribution > 0);
    }
    expect(card.postMortem.some((r) => r.pointedToward === true)).toBe(true);

    const calibration = await world.viewer.caller.history.calibration({ teamId: world.teamA.id });
    expect(calibration.assessments.map((a) => a.id)).toEqual([demo()]);
    expect(calibration.assessments[0]?.brier).toBeCloseTo(card.final.brier, 12);
    const active = now.state.scenarios.filter((s) => !s.archived).length;
    expect(calibration.calibration.reduce((sum, b) => sum + b.count, 0)).toBe(active);
  });

  it("a resolved assessment refuses edits until reopened", async () => {
    const view = await current();
    await expectRefusal(
      world.analyst.caller.workspace.updateAssessment({
        assessmentId: demo(),
        version: view.state.version,
        confidence: "high",
      }),
      "BAD_REQUEST",
    );
    await expectRefusal(
      world.viewer.caller.history.reopen({ assessmentId: demo(), version: view.state.version }),
      "FORBIDDEN",
    );
    const reopened = await world.analyst.caller.history.reopen({ assessmentId: demo(), version: view.state.version });
    expect(reopened.state.status).toBe("active");
    expect(reopened.state.resolvedScenarioId).toBeNull();
    const edited = follow(
      reopened,
      await world.analyst.caller.workspace.updateAssessment({
        assessmentId: demo(),
        version: reopened.state.version,
        confidence: "high",
      }),
    );
    expect(edited.state.confidence).toBe("high");
    await expectRefusal(world.viewer.caller.history.score({ assessmentId: demo() }), "BAD_REQUEST");
    const calibration = await world.viewer.caller.history.calibration({ teamId: world.teamA.id });
    expect(calibration.assessments).toEqual([]);
  });
});
