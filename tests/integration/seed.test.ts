// The demo seed (DESIGN §4): idempotent, the promised shape, and an event log that replays to
// exactly the current state. The event log itself refuses UPDATE and DELETE.

import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection, getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { assessState } from "@/server/assessments/commit";
import { loadAssessmentState } from "@/server/assessments/store";
import { seedDemo } from "@/server/demo/seed";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import type { AssessmentState } from "@/shared/assessment/state";
import { onStore, openTestDatabase, rowCounts, type TestDatabase, write } from "./harness";

let testDb: TestDatabase;
let assessmentId: string;
let teamId: string;

beforeAll(async () => {
  testDb = await openTestDatabase();
  const seeded = await seedDemo(getDb());
  expect(seeded.seeded).toBe(true);
  if (!seeded.assessmentId || !seeded.teamId) throw new Error("seedDemo returned no ids");
  assessmentId = seeded.assessmentId;
  teamId = seeded.teamId;
});
afterAll(() => testDb?.cleanup());

async function currentState(): Promise<AssessmentState> {
  const state = await loadAssessmentState(getDb(), assessmentId);
  if (!state) throw new Error("The demo assessment is missing");
  return state;
}

async function demoEvents() {
  return await getDb()
    .select()
    .from(schema.events)
    .where(eq(schema.events.assessmentId, assessmentId))
    .orderBy(asc(schema.events.seq));
}

const baselineCount = async () => first(await getDb().select({ n: count() }).from(schema.baselines))?.n ?? 0;

/** Evidence in (recordedAt, id) order, so two states compare regardless of how each was built. */
function canonical(state: AssessmentState): AssessmentState {
  const evidence = [...state.evidence].sort((a, b) => a.recordedAt - b.recordedAt || a.id.localeCompare(b.id));
  return { ...state, evidence };
}

describe("seedDemo", () => {
  it("is idempotent: a second call reports seeded:false and writes nothing", async () => {
    const before = { ...(await rowCounts()), baselines: await baselineCount() };
    expect(before.assessments).toBe(1);
    expect(await seedDemo(getDb())).toEqual({ seeded: false });
    expect({ ...(await rowCounts()), baselines: await baselineCount() }).toEqual(before);
  });

  it("puts the demo in one team with three scenarios whose priors are positive", async () => {
    const state = await currentState();
    expect(state.teamId).toBe(teamId);
    expect(state.title).toBe("Russian military posture in Syria");
    expect(state.status).toBe("active");
    expect(state.scenarios.map((s) => s.name)).toEqual(["Full exit", "Partial consolidation", "Negotiated retention"]);
    for (const s of state.scenarios) {
      expect(s.prior).toBeGreaterThan(0);
      expect(s.archived).toBe(false);
    }
  });

  it("has 8–12 indicators, each rated against every scenario, with weights in [0, 1]", async () => {
    const state = await currentState();
    expect(state.indicators.length).toBeGreaterThanOrEqual(8);
    expect(state.indicators.length).toBeLessThanOrEqual(12);
    const scenarioIds = state.scenarios.map((s) => s.id).sort();
    for (const indicator of state.indicators) {
      expect(Object.keys(indicator.expectations).sort(), indicator.name).toEqual(scenarioIds);
      expect(indicator.weight).toBeGreaterThanOrEqual(0);
      expect(indicator.weight).toBeLessThanOrEqual(1);
    }
  });

  it("has 8–12 graded, sourced evidence items dated 8–13 December 2024, each linked to an indicator", async () => {
    const state = await currentState();
    expect(state.evidence.length).toBeGreaterThanOrEqual(8);
    expect(state.evidence.length).toBeLessThanOrEqual(12);
    const indicatorIds = new Set(state.indicators.map((i) => i.id));
    for (const item of state.evidence) {
      expect(item.observedAt >= "2024-12-08" && item.observedAt <= "2024-12-13", item.observedAt).toBe(true);
      expect(item.observedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(["A", "B", "C", "D", "E", "F"]).toContain(item.reliability);
      expect([1, 2, 3, 4, 5, 6]).toContain(item.credibility);
      expect(item.sourceName.trim().length, item.title).toBeGreaterThan(0);
      const links = Object.entries(item.links);
      expect(links.length, item.title).toBeGreaterThanOrEqual(1);
      for (const [indicatorId, direction] of links) {
        expect(indicatorIds.has(indicatorId)).toBe(true);
        expect([1, -1]).toContain(direction);
      }
    }
  });

  it("holds the same counts in the tables as in the loaded state", async () => {
    const state = await currentState();
    const counts = await rowCounts();
    expect(counts.scenarios).toBe(state.scenarios.length);
    expect(counts.indicators).toBe(state.indicators.length);
    expect(counts.evidence).toBe(state.evidence.length);
    const expectationRows = first(await getDb().select({ n: count() }).from(schema.expectations))?.n ?? 0;
    expect(expectationRows).toBe(state.indicators.length * state.scenarios.length);
  });
});

describe("the demo's event log", () => {
  it("numbers events 1, 2, 3… and bumps the version once per change", async () => {
    const events = await demoEvents();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const changes = events.filter((e) => (e.payload as { change?: unknown }).change !== undefined);
    expect(changes[0]?.kind).toBe("assessment.create");
    expect((await currentState()).version).toBe(changes.length);
    // The seed writes at least one baseline, which is an event without a change.
    expect(events.some((e) => e.kind === "baseline.create")).toBe(true);
    expect(await baselineCount()).toBeGreaterThanOrEqual(1);
  });

  it("replays from the empty state to exactly the current state", async () => {
    let replayed = emptyState();
    let applied = 0;
    for (const event of await demoEvents()) {
      const change = (event.payload as { change?: Change }).change;
      if (!change) continue;
      replayed = applyChange(replayed, change, { at: event.at.getTime() });
      applied += 1;
      expect(replayed.version, `after event ${event.seq}`).toBe(applied);
    }
    expect(canonical(replayed)).toEqual(canonical(await currentState()));
  });

  it("notices when the tables drift from the log (the comparison above can fail)", async () => {
    const indicator = (await currentState()).indicators[0];
    if (!indicator) throw new Error("The demo has no indicator");
    const replay = async () =>
      (await demoEvents()).reduce((state, event) => {
        const change = (event.payload as { change?: Change }).change;
        return change ? applyChange(state, change, { at: event.at.getTime() }) : state;
      }, emptyState());
    const setWeight = (weight: number) =>
      write((tx) => tx.update(schema.indicators).set({ weight }).where(eq(schema.indicators.id, indicator.id)));
    await setWeight(indicator.weight === 0 ? 1 : 0);
    try {
      expect(canonical(await replay())).not.toEqual(canonical(await currentState()));
    } finally {
      await setWeight(indicator.weight);
    }
    expect(canonical(await replay())).toEqual(canonical(await currentState()));
  });

  it("records after each event the probabilities that replaying up to it gives", async () => {
    let replayed = emptyState();
    for (const event of await demoEvents()) {
      const change = (event.payload as { change?: Change }).change;
      if (change) replayed = applyChange(replayed, change, { at: event.at.getTime() });
      const recorded = event.probabilities as Record<string, number>;
      const computed = assessState(replayed).probabilities;
      expect(Object.keys(recorded).sort(), `event ${event.seq}`).toEqual(Object.keys(computed).sort());
      for (const [scenarioId, p] of Object.entries(computed)) {
        expect(recorded[scenarioId], `event ${event.seq}`).toBeCloseTo(p, 12);
      }
    }
  });
});

// PostgreSQL's trigger is proven by tests/pg/schema.test.ts; here SQLite's, through the raw handle.
onStore("sqlite")("the events table", () => {
  it("refuses UPDATE of an event, and the row stays as it was", async () => {
    const { sqlite } = getConnection();
    const before = await demoEvents();
    expect(() => sqlite.prepare("UPDATE events SET kind = 'tampered' WHERE seq = 1").run()).toThrow(
      "events are append-only: an event cannot be changed",
    );
    expect(() => sqlite.prepare("UPDATE events SET payload = '{}'").run()).toThrow(/append-only/);
    expect(await demoEvents()).toEqual(before);
  });

  it("refuses DELETE of an event, and every row survives", async () => {
    const { sqlite } = getConnection();
    const before = await demoEvents();
    expect(() => sqlite.prepare("DELETE FROM events").run()).toThrow(
      "events are append-only: an event cannot be deleted",
    );
    expect(() => sqlite.prepare("DELETE FROM events WHERE seq = ?").run(before.length)).toThrow(/append-only/);
    expect(await demoEvents()).toEqual(before);
  });
});
