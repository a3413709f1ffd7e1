// Generated assessments for benchmarks: a large one (12 scenarios × 300 indicators × 3000
// evidence items) written through the real commit path on a temporary database.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Connection, openDatabase } from "@/db/connection";
import * as t from "@/db/schema";
import { commitChange, probabilitiesOf, stateEventPayload } from "@/server/assessments/commit";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import type { AssessmentState, EvidenceState, IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { RATING_KEYS, RELIABILITY_GRADES } from "@/shared/engine";

export interface BenchWorld {
  conn: Connection;
  dir: string;
  userId: string;
  teamId: string;
  cleanup: () => void;
}

export function benchWorld(): BenchWorld {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-bench-"));
  const conn = openDatabase(path.join(dir, "bench.db"));
  const userId = crypto.randomUUID();
  const teamId = crypto.randomUUID();
  const now = new Date();
  conn.db
    .insert(t.user)
    .values({ id: userId, name: "Bench Analyst", email: "bench@example.org", createdAt: now, updatedAt: now })
    .run();
  conn.db.insert(t.teams).values({ id: teamId, name: "Bench team" }).run();
  conn.db.insert(t.members).values({ teamId, userId, role: "analyst" }).run();
  return {
    conn,
    dir,
    userId,
    teamId,
    cleanup: () => {
      conn.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Deterministic pseudo-random numbers so every run measures the same model. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface LargeAssessmentSizes {
  scenarios: number;
  indicators: number;
  evidence: number;
}

export async function createLargeAssessment(
  world: BenchWorld,
  sizes: LargeAssessmentSizes = { scenarios: 12, indicators: 300, evidence: 3000 },
): Promise<string> {
  return await insertLargeAssessment(
    world.conn,
    { teamId: world.teamId, userId: world.userId, userName: "Bench Analyst" },
    sizes,
  );
}

/**
 * The same generated assessment, written into an existing database and team (e.g. the one a
 * running server uses, for the browser benchmark) on behalf of `userId`.
 */
export async function insertLargeAssessment(
  conn: Connection,
  owner: { teamId: string; userId: string; userName: string },
  sizes: LargeAssessmentSizes = { scenarios: 12, indicators: 300, evidence: 3000 },
): Promise<string> {
  const random = rng(42);
  const id = crypto.randomUUID();
  const at = Date.now();
  const scenarios: ScenarioState[] = Array.from({ length: sizes.scenarios }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `Scenario ${i + 1}`,
    description: "",
    prior: 1 + random(),
    color: "#0072B2",
    archived: false,
  }));
  const indicators: IndicatorState[] = Array.from({ length: sizes.indicators }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `Indicator ${i + 1}`,
    description: "Generated for the benchmark",
    weight: Math.round(random() * 100) / 100,
    presenceOverride: null,
    overrideRationale: null,
    lastReviewedAt: at,
    expectations: Object.fromEntries(scenarios.map((s) => [s.id, RATING_KEYS[Math.floor(random() * 5)] ?? "could"])),
  }));
  const evidence: EvidenceState[] = Array.from({ length: sizes.evidence }, (_, i) => {
    const indicator = indicators[i % indicators.length];
    return {
      id: crypto.randomUUID(),
      title: `Evidence ${i + 1}`,
      summary: "Generated",
      sourceName: "Bench source",
      sourceUrl: null,
      sourceKind: "report",
      reliability: RELIABILITY_GRADES[Math.floor(random() * 6)] ?? "C",
      credibility: (1 + Math.floor(random() * 6)) as 1 | 2 | 3 | 4 | 5 | 6,
      observedAt: "2024-12-10",
      // In the past, one ms apart: the import refuses a time later than now (issue 11, finding 6).
      recordedAt: at - sizes.evidence + i,
      authorId: owner.userId,
      authorName: owner.userName,
      lastReviewedAt: at,
      links: indicator ? { [indicator.id]: random() < 0.7 ? 1 : -1 } : {},
      origin: null,
    };
  });
  await commitChange(conn.db, {
    assessmentId: id,
    baseVersion: null,
    actor: { id: owner.userId, name: owner.userName },
    change: {
      type: "assessment.create",
      assessment: {
        id,
        teamId: owner.teamId,
        title: "Large benchmark assessment",
        keyQuestion: "Which of twelve?",
        horizon: "2030-01-01",
        confidence: "moderate",
        handling: "",
      },
      scenarios,
      indicators,
      evidence,
    },
  });
  return id;
}

export interface HeavyDocumentSizes {
  scenarios: number;
  indicators: number;
  /** Events in the history, the creation included, unless `maxBytes` stops it earlier. */
  events: number;
  /** Stop adding events before the document's JSON would pass this many bytes. */
  maxBytes?: number;
  /** The engine's probabilities after every event, as an export carries them (slow on a wide model). */
  probabilities?: boolean;
}

/**
 * A crafted Signpost export with a long history on a wide model (issue 11, finding 5: 2,000
 * indicators × 12 scenarios, 40,000 events). Every event is a real change replayed with
 * `applyChange`, with the summary the live path writes. Probabilities are left empty unless asked
 * for (the engine on 24,000 cells for each of 40,000 events takes minutes, and an import must not
 * trust a document's anyway). Short ids keep the most events in the bytes an import accepts.
 */
export function heavyImportDocument(sizes: HeavyDocumentSizes = { scenarios: 12, indicators: 2000, events: 40_000 }): {
  document: Record<string, unknown>;
  events: number;
  bytes: number;
} {
  const random = rng(7);
  const start = Date.UTC(2024, 0, 1);
  const scenarios: ScenarioState[] = Array.from({ length: sizes.scenarios }, (_, i) => ({
    id: `s${i + 1}`,
    name: `Scenario ${i + 1}`,
    description: "",
    prior: 1,
    color: "#0072B2",
    archived: false,
  }));
  const indicators: IndicatorState[] = Array.from({ length: sizes.indicators }, (_, i) => ({
    id: `i${i + 1}`,
    name: `Indicator ${i + 1}`,
    description: "",
    weight: 1,
    presenceOverride: null,
    overrideRationale: null,
    lastReviewedAt: start,
    expectations: Object.fromEntries(scenarios.map((s) => [s.id, RATING_KEYS[Math.floor(random() * 5)] ?? "could"])),
  }));
  const event = (k: number, change: Change, before: AssessmentState, after: AssessmentState) => ({
    seq: k + 1,
    at: new Date(start + k * 60_000).toISOString(),
    actorName: "Bench Analyst",
    kind: change.type,
    rationale: null,
    payload: stateEventPayload(before, after, change),
    probabilities: sizes.probabilities ? probabilitiesOf(after) : {},
  });
  const create: Change = {
    type: "assessment.create",
    assessment: {
      id: "a1",
      teamId: "t1",
      title: "Heavy import",
      keyQuestion: "Which of twelve?",
      horizon: "2030-01-01",
      confidence: "moderate",
      handling: "",
    },
    scenarios,
    indicators,
    evidence: [],
  };
  let state = applyChange(emptyState(), create, { at: start });
  const events = [event(0, create, emptyState(), state)];
  const frame = {
    formatVersion: 1,
    kind: "signpost.assessment",
    exportedAt: new Date(start + sizes.events * 60_000).toISOString(),
    assessment: state,
    baselines: [],
    comments: [],
    events,
  };
  // The frame holds the assessment once as created; its final state differs by a few bytes an
  // indicator (weights), hence the margin.
  let bytes = JSON.stringify(frame).length + 16 * sizes.indicators;
  for (let k = 1; k < sizes.events; k++) {
    const indicator = indicators[Math.floor(random() * indicators.length)] as IndicatorState;
    const scenario = scenarios[Math.floor(random() * scenarios.length)] as ScenarioState;
    const change: Change =
      k % 3 === 0
        ? { type: "indicator.update", indicatorId: indicator.id, weight: Math.round(random() * 100) / 100 }
        : {
            type: "indicator.setExpectation",
            indicatorId: indicator.id,
            scenarioId: scenario.id,
            expectation: RATING_KEYS[Math.floor(random() * 5)] ?? "could",
          };
    const after = applyChange(state, change, { at: start + k * 60_000 });
    const next = event(k, change, state, after);
    bytes += JSON.stringify(next).length + 1;
    if (sizes.maxBytes !== undefined && bytes > sizes.maxBytes) break;
    events.push(next);
    state = after;
  }
  const document = { ...frame, assessment: state };
  return { document, events: events.length, bytes: JSON.stringify(document).length };
}
