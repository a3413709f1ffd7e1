// Import hardening (issue 11, findings 5, 6 and 7), through the real import route with a signed-in
// session: an imported history is held to the live app's schemas, reducer and engine, every bad
// document is a 400 naming the field (never a 500) with nothing written, what one document may hold
// is capped, checkpoints are written as the commit path writes them, and the size limit is one
// number, counted while the body is read. The proxy's share of finding 7 is proved against the
// production server in tests/e2e/import-limit.spec.ts.

import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { commitChange } from "@/server/assessments/commit";
import { CHECKPOINT_EVERY, stateAtSeq } from "@/server/assessments/replay";
import { exportAssessment } from "@/server/export/json/export";
import { type ExportDocument, IMPORT_LIMIT_BYTES } from "@/server/export/json/format";
import { IMPORT_LIMIT, importKey } from "@/server/export/json/write-import";
import { clearHits, countHit } from "@/server/rate-limit";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState, IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { RATING_KEYS, scenarioProbabilities } from "@/shared/engine";
import { buildWorld, type World } from "./harness";
import { importAs, importCounts } from "./import-helpers";

/** The caps as docs/export-format.md states them. */
const CAPS = { indicators: 1_000, events: 10_000, replayWork: 5_000_000 };

let world: World;
let demoId: string;
let demo: ExportDocument;

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Missing ${what}`);
  return value;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function post(body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return importAs(world.analyst, world.teamA.id, body, headers);
}

/** Posts `doc`; expects 400 naming a field that matches `field`, and nothing written. Returns the message. */
async function expectRefused(doc: unknown, field: string | RegExp, message?: RegExp): Promise<string> {
  const before = await importCounts();
  const res = await post(typeof doc === "string" ? doc : JSON.stringify(doc));
  const body = (await res.json()) as { error?: { message: string; field?: string } };
  expect(res.status, JSON.stringify(body)).toBe(400);
  const error = must(body.error, "error");
  if (typeof field === "string") expect(error.field).toBe(field);
  else expect(error.field).toMatch(field);
  if (message) expect(error.message).toMatch(message);
  expect(await importCounts()).toEqual(before);
  return error.message;
}

async function expectImported(doc: unknown): Promise<string> {
  const res = await post(JSON.stringify(doc));
  const body = (await res.json()) as { id?: string; error?: unknown };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return must(body.id, "new assessment id");
}

type Payload = Record<string, unknown> & { change?: Change & Record<string, unknown> };
const payloadOf = (doc: ExportDocument, k: number) => must(doc.events[k], `event ${k}`).payload as Payload;
const createOf = (doc: ExportDocument) =>
  payloadOf(doc, 0).change as Extract<Change, { type: "assessment.create" }> & Record<string, unknown>;
const indexOfKind = (doc: ExportDocument, kind: string) => doc.events.findIndex((e) => e.kind === kind);

async function eventRows(assessmentId: string) {
  return await getDb()
    .select()
    .from(schema.events)
    .where(eq(schema.events.assessmentId, assessmentId))
    .orderBy(schema.events.seq);
}

beforeAll(async () => {
  world = await buildWorld();
  demoId = world.teamA.demoAssessmentId;
  const owner = world.owner.caller;
  const view = await owner.assessments.get({ assessmentId: demoId });
  const indicator = must(view.state.indicators[0], "indicator");
  const first = await owner.history.addComment({
    assessmentId: demoId,
    targetKind: "indicator",
    targetId: indicator.id,
    body: "Is the airlift heavy equipment, or rotation?",
  });
  await world.analyst.caller.history.addComment({
    assessmentId: demoId,
    targetKind: "indicator",
    targetId: indicator.id,
    parentId: first.id,
    body: "Heavy: An-124s seen twice.",
  });
  demo = await exportAssessment(getDb(), world.owner.id, demoId);
}, 60_000);
afterAll(() => world?.db.cleanup());

// ── Finding 6 ───────────────────────────────────────────────────────────────

describe("finding 6: an imported history is held to the live rules, and every refusal is a 400 naming the field", () => {
  it("finding 6: refuses an event whose payload.summary is not a string (the history page read it and failed)", async () => {
    const doc = copy(demo);
    const k = indexOfKind(doc, "indicator.update");
    payloadOf(doc, k).summary = { text: "an object where the history expects words" };
    await expectRefused(doc, `events.${k}.payload.summary`, /expected string/);
  });

  it("finding 6: refuses probabilities that are not probabilities, and stores the engine's, never the file's", async () => {
    const bad = copy(demo);
    const scenarios = bad.assessment.scenarios.map((s) => s.id);
    must(bad.events[3], "event").probabilities = { [scenarios[0] ?? "s0"]: 55, [scenarios[1] ?? "s1"]: -3 };
    await expectRefused(bad, /^events\.3\.probabilities\./);

    // Plausible but wrong numbers (each event's vector reversed) are replaced by the engine's.
    const wrong = copy(demo);
    for (const e of wrong.events) {
      const values = Object.values(e.probabilities).reverse();
      e.probabilities = Object.fromEntries(Object.keys(e.probabilities).map((id, s) => [id, values[s] ?? 0]));
    }
    const id = await expectImported(wrong);
    const rows = await eventRows(id);
    expect(rows).toHaveLength(demo.events.length);
    const original = await eventRows(demoId);
    rows.forEach(async (row, k) => {
      const engine = scenarioProbabilities(engineModel(await stateAtSeq(getDb(), id, row.seq)));
      expect(row.probabilities, `event ${row.seq}`).toEqual(engine);
      // The same figures the live commit path stored for the original, scenario by scenario.
      expect(Object.values(row.probabilities as object)).toEqual(
        Object.values(must(original[k], "original event").probabilities as object),
      );
    });
  });

  it("finding 6: refuses times out of order or after now, and dates that do not exist", async () => {
    const order = copy(demo);
    const [a, b] = [must(order.events[5], "event 5"), must(order.events[6], "event 6")];
    [a.at, b.at] = [b.at, a.at];
    await expectRefused(order, "events[6].at", /run forward/);

    const future = copy(demo);
    must(future.events.at(-1), "last event").at = "2099-06-01T12:00:00.000Z";
    await expectRefused(future, `events[${future.events.length - 1}].at`, /later than now/);

    const horizon = copy(demo);
    horizon.assessment.horizon = "9999-99-99";
    createOf(horizon).assessment.horizon = "9999-99-99";
    await expectRefused(horizon, "assessment.horizon", /does not exist/);

    const observed = copy(demo);
    const k = indexOfKind(observed, "evidence.add");
    const added = must(payloadOf(observed, k).change, "change") as Extract<Change, { type: "evidence.add" }>;
    added.evidence.observedAt = "2024-02-30";
    must(
      observed.assessment.evidence.find((e) => e.id === added.evidence.id),
      "the item in the state",
    ).observedAt = "2024-02-30";
    await expectRefused(observed, /observedAt$/, /does not exist/);

    const time = copy(demo);
    time.events[2] = { ...must(time.events[2], "event 2"), at: "2024-12-09T08:30:00+99:99" };
    await expectRefused(time, "events.2.at");
  });

  it("finding 6: refuses an unknown event kind, and a kind that is not its change's", async () => {
    const unknown = copy(demo);
    must(unknown.events[4], "event").kind = "evidence.teleport";
    await expectRefused(unknown, "events.4.kind", /does not know/);

    const mismatch = copy(demo);
    must(mismatch.events[4], "event").kind = "evidence.delete";
    await expectRefused(mismatch, "events[4].kind", /the change is 'evidence.add'/);
  });

  it("finding 6: refuses a thirteenth active scenario and two scenarios of one name, as the live app does", async () => {
    const crowded = copy(demo);
    const create = createOf(crowded);
    const extra: ScenarioState[] = Array.from({ length: 13 - create.scenarios.length }, (_, k) => ({
      id: `extra-${k}`,
      name: `Extra scenario ${k}`,
      description: "",
      prior: 0.1,
      color: "#123456",
      archived: false,
    }));
    create.scenarios.push(...extra);
    crowded.assessment.scenarios.push(...extra);
    const rate = (i: IndicatorState) => {
      for (const s of extra) i.expectations[s.id] = "could";
    };
    create.indicators.forEach(rate);
    crowded.assessment.indicators.forEach(rate);
    await expectRefused(crowded, "events[0].payload.change.scenarios", /At most 12 active scenarios/);

    const twins = copy(demo);
    const name = must(createOf(twins).scenarios[0], "scenario").name.toUpperCase();
    must(createOf(twins).scenarios[1], "scenario").name = ` ${name} `;
    must(twins.assessment.scenarios[1], "scenario").name = ` ${name} `;
    await expectRefused(twins, /scenarios\.1\.name$/, /named/);
  });

  it("finding 6: answers 400, not 500, for a payload 200,000 deep, an override without rationale, recordedAt 1e300", async () => {
    // Built as text: no JSON.stringify survives such nesting, and an attacker sends bytes anyway.
    const deep = copy(demo);
    payloadOf(deep, 2).before = "DEEP";
    const depth = 200_000;
    const text = JSON.stringify(deep).replace('"DEEP"', `${'{"a":'.repeat(depth)}{}${"}".repeat(depth)}`);
    await expectRefused(text, /^events\.2\.payload\.before/, /nested more than/);

    const override = copy(demo);
    for (const i of [must(createOf(override).indicators[0], "created"), must(override.assessment.indicators[0], "i")]) {
      i.presenceOverride = 0.8;
      i.overrideRationale = "";
    }
    await expectRefused(override, /indicators\.0\.overrideRationale$/, /Say why/);

    const huge = copy(demo);
    const k = indexOfKind(huge, "evidence.add");
    const added = must(payloadOf(huge, k).change, "change") as Extract<Change, { type: "evidence.add" }>;
    added.evidence.recordedAt = 1e300;
    must(
      huge.assessment.evidence.find((e) => e.id === added.evidence.id),
      "the item in the state",
    ).recordedAt = 1e300;
    await expectRefused(huge, /recordedAt$/, /at most/);
  });

  it("finding 6: refuses what the live app never writes: fields smuggled into a change, two comments of one id", async () => {
    const status = copy(demo);
    const k = indexOfKind(status, "assessment.update");
    must(payloadOf(status, k).change, "change").status = "resolved";
    status.assessment.status = "resolved";
    await expectRefused(status, `events.${k}.payload.change`, /Unrecognized key/);

    const twins = copy(demo);
    twins.comments.push({ ...must(twins.comments[0], "comment"), body: "Another comment, the same id" });
    await expectRefused(twins, "comments[2].id", /another comment/);
  });
});

// ── Finding 5 ───────────────────────────────────────────────────────────────

/**
 * A document whose history is built in memory with the reducer, as an export of it would read
 * (each event's `before` and summary left for the import to rebuild, as it does).
 */
function documentOf(create: Change, steps: Change[], start = Date.now() - 30 * 86_400_000): ExportDocument {
  let at = start;
  let state: AssessmentState = applyChange(emptyState(), create, { at });
  const events: ExportDocument["events"] = [
    {
      seq: 1,
      at: new Date(at).toISOString(),
      actorName: "Generator",
      kind: create.type,
      rationale: null,
      payload: { change: create, before: null, summary: create.type, version: state.version },
      probabilities: {},
    },
  ];
  for (const change of steps) {
    at += 1000;
    state = applyChange(state, change, { at });
    events.push({
      seq: events.length + 1,
      at: new Date(at).toISOString(),
      actorName: "Generator",
      kind: change.type,
      rationale: null,
      payload: { change, before: null, summary: change.type, version: state.version },
      probabilities: {},
    });
  }
  return {
    formatVersion: 1,
    kind: "signpost.assessment",
    exportedAt: new Date().toISOString(),
    assessment: state,
    baselines: [],
    comments: [],
    events,
  };
}

function matrix(indicators: number, scenarios: number): Change {
  const s: ScenarioState[] = Array.from({ length: scenarios }, (_, k) => ({
    id: `s${k}`,
    name: `Scenario ${k}`,
    description: "",
    prior: 1,
    color: "#0072B2",
    archived: false,
  }));
  return {
    type: "assessment.create",
    assessment: {
      id: "generated",
      teamId: "elsewhere",
      title: "Generated",
      keyQuestion: "How heavy may one import be?",
      horizon: "2099-12-31",
      confidence: "moderate",
      handling: "",
    },
    scenarios: s,
    indicators: Array.from({ length: indicators }, (_, i) => ({
      id: `i${i}`,
      name: `Indicator ${i}`,
      description: "",
      weight: 1,
      presenceOverride: null,
      overrideRationale: null,
      lastReviewedAt: Date.now() - 40 * 86_400_000,
      expectations: Object.fromEntries(s.map((x, k) => [x.id, RATING_KEYS[(i + k) % 5] ?? "could"])),
    })),
    evidence: [],
  };
}

describe("finding 5: imports are counted per person", () => {
  it("finding 5: a person's 31st import within the hour is refused with 429 and a time; a refused file does not count", async () => {
    const db = getDb();
    const key = importKey(world.analyst.id);
    await clearHits(db, key);
    const file = JSON.stringify(await exportAssessment(db, world.analyst.id, world.teamA.demoAssessmentId));
    for (let i = 0; i < IMPORT_LIMIT.max - 1; i++) await countHit(db, key, IMPORT_LIMIT);
    expect((await importAs(world.analyst, world.teamA.id, "not json at all")).status).toBe(415);
    expect((await importAs(world.analyst, world.teamA.id, file)).status).toBe(201);
    const before = await importCounts();
    const refused = await importAs(world.analyst, world.teamA.id, file);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^You have imported 30 files in the last hour: try again at \d\d:\d\d UTC\.$/);
    expect(await importCounts()).toEqual(before);
    // Another person is not held back.
    expect((await importAs(world.owner, world.teamA.id, file)).status).toBe(201);
    await clearHits(db, key);
  });
});

describe("finding 5: what one import may hold is capped, and it writes checkpoints as the commit path does", () => {
  it("finding 5: writes the checkpoints the commit path wrote, so an as-of view starts from the nearest", async () => {
    const { id: sourceId } = await world.analyst.caller.assessments.create({
      teamId: world.teamA.id,
      title: "A long history",
      keyQuestion: "Does a long history import with its checkpoints?",
      horizon: "2099-12-31",
      confidence: "moderate",
      scenarios: [
        { name: "Yes", prior: 0.5 },
        { name: "No", prior: 0.5 },
      ],
    });
    const indicator = await world.analyst.caller.workspace
      .addIndicator({
        assessmentId: sourceId,
        version: 1,
        name: "Signal",
        expectations: {},
      })
      .catch(() => null);
    expect(indicator).toBeNull(); // Unrated scenarios are refused: rate them below.
    const view = await world.analyst.caller.assessments.get({ assessmentId: sourceId });
    const [yes, no] = view.state.scenarios.map((s) => s.id);
    let version = view.state.version;
    const added = await world.analyst.caller.workspace.addIndicator({
      assessmentId: sourceId,
      version,
      name: "Signal",
      expectations: { [must(yes, "yes")]: "likely", [must(no, "no")]: "unlikely" },
    });
    version = added.version;
    const signal = must(added.change.type === "indicator.add" ? added.change.indicator.id : null, "indicator id");
    for (let k = 0; k < 2 * CHECKPOINT_EVERY + 40; k++) {
      version = (
        await commitChange(getDb(), {
          assessmentId: sourceId,
          baseVersion: version,
          actor: world.analyst,
          change: { type: "indicator.update", indicatorId: signal, weight: (k % 10) / 10 },
        })
      ).state.version;
    }
    const checkpointSeqs = async (assessmentId: string) =>
      (
        await getDb()
          .select({ seq: schema.checkpoints.seq })
          .from(schema.checkpoints)
          .where(eq(schema.checkpoints.assessmentId, assessmentId))
          .orderBy(schema.checkpoints.seq)
      ).map((r) => r.seq);
    const live = await checkpointSeqs(sourceId);
    expect(live).toEqual([CHECKPOINT_EVERY, 2 * CHECKPOINT_EVERY]);

    const copyId = await expectImported(await exportAssessment(getDb(), world.analyst.id, sourceId));
    expect(await checkpointSeqs(copyId)).toEqual(live);
    // The copy's checkpoint holds the copy's state at that event, as replay from event 1 gives it.
    const mid = CHECKPOINT_EVERY + 17;
    const checkpoint = must(
      first(
        await getDb()
          .select()
          .from(schema.checkpoints)
          .where(and(eq(schema.checkpoints.assessmentId, copyId), eq(schema.checkpoints.seq, CHECKPOINT_EVERY))),
      ),
      "checkpoint",
    );
    const events = await eventRows(copyId);
    let replayed = emptyState();
    for (const e of events.slice(0, CHECKPOINT_EVERY)) {
      const change = (e.payload as { change?: Change }).change;
      if (change) replayed = applyChange(replayed, change, { at: e.at.getTime() });
    }
    expect(checkpoint.state).toEqual(replayed);
    expect((await stateAtSeq(getDb(), copyId, mid)).version).toBe((await stateAtSeq(getDb(), sourceId, mid)).version);
  });

  it("finding 5: refuses more indicators or events than one import may carry, naming the cap", async () => {
    const many = matrix(CAPS.indicators + 1, 3);
    const doc = documentOf(many, []);
    await expectRefused(doc, "assessment.indicators", new RegExp(`At most ${CAPS.indicators} indicators`));

    const long = copy(demo);
    const comment = {
      ...must(long.events.at(-1), "last event"),
      kind: "comment.add",
      payload: { commentId: "c", targetKind: "assessment", targetId: long.assessment.id, body: "x" },
    };
    while (long.events.length <= CAPS.events) long.events.push({ ...comment, seq: long.events.length + 1 });
    await expectRefused(long, "events", new RegExp(`At most ${CAPS.events} events`));
  });

  it("finding 5: bounds the engine's work: a history that recomputes the whole matrix at every event is refused", async () => {
    const create = matrix(CAPS.indicators, 12);
    const moves: Change[] = Array.from({ length: 600 }, (_, k) => ({
      type: "scenario.move",
      scenarioId: `s${k % 12}`,
      toIndex: (k % 12) + 1,
    }));
    const message = await expectRefused(documentOf(create, moves), /^events\[\d+\]$/, /recomputes more than/);
    expect(message).toContain(CAPS.replayWork.toLocaleString("en"));
  });

  it("finding 5: refuses an assessment larger than one import may write whole", async () => {
    const create = matrix(20, 3);
    const text = "x".repeat(4000);
    const items: Change[] = Array.from({ length: 1200 }, (_, k) => ({
      type: "evidence.add",
      evidence: {
        id: `e${k}`,
        title: `Item ${k}`,
        summary: text,
        sourceName: "Source",
        sourceUrl: null,
        sourceKind: "report",
        reliability: "B",
        credibility: 2,
        observedAt: "2024-12-01",
        recordedAt: Date.now() - 20 * 86_400_000,
        authorId: null,
        authorName: "Generator",
        lastReviewedAt: Date.now() - 20 * 86_400_000,
        links: { [`i${k % 20}`]: 1 },
      },
    }));
    await expectRefused(documentOf(create, items), /^events\[\d+\]$|^assessment$/, /MB/);
  });
});

// ── Finding 7 ───────────────────────────────────────────────────────────────

describe("finding 7: the import limit is one number, true end to end", () => {
  it("finding 7: Next's proxy passes a body of the whole limit (next.config.js reads the same number)", async () => {
    const file = pathToFileURL(path.resolve("next.config.js")).href;
    const config = (await import(/* @vite-ignore */ file)) as {
      default: { experimental?: { proxyClientMaxBodySize?: number } };
    };
    const proxyLimit = config.default.experimental?.proxyClientMaxBodySize;
    expect(proxyLimit).toBeGreaterThan(IMPORT_LIMIT_BYTES);
    expect(proxyLimit).toBeLessThanOrEqual(IMPORT_LIMIT_BYTES + 2 * 1024 * 1024);
  });

  it("finding 7: a body without a length is counted while read, and refused with 413 once it passes the limit", async () => {
    const before = await importCounts();
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3 * IMPORT_LIMIT_BYTES) controller.close();
        else {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await post(body);
    expect(res.status).toBe(413);
    const error = ((await res.json()) as { error: { message: string; field: string } }).error;
    expect(error.field).toBe("file");
    expect(error.message).toMatch(new RegExp(`at most ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`));
    // Reading stopped soon after the limit, not at the end of the body.
    expect(sent).toBeLessThan(IMPORT_LIMIT_BYTES + 4 * chunk.byteLength);
    expect(await importCounts()).toEqual(before);
  });

  it("finding 7: a valid document padded to 15 MB imports (201), and a declared 21 MB is refused with 413", async () => {
    const text = JSON.stringify(demo);
    const padded = `${text}${" ".repeat(15 * 1024 * 1024 - text.length)}`;
    const res = await post(padded);
    expect(res.status).toBe(201);

    const over = await post("{}", { "content-length": String(21 * 1024 * 1024) });
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/21\.0 MB.*at most 20 MB/);
  });
});
