// Reads an assessment's current state from the tables and writes the difference between two
// states back: the projection half of every change (DESIGN §1).

import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import { lockAssessment } from "@/db/dialect";
import { first } from "@/db/first";
import { inTransaction, transaction } from "@/db/store";
import * as t from "@/db/tables";
import type { AssessmentState, Direction, EvidenceState, Expectation, IndicatorState } from "@/shared/assessment/state";
import type { Credibility } from "@/shared/engine";

/**
 * Loads one assessment, or undefined. Callers scope by team before calling (see access.ts).
 *
 * The state is read in six statements. Inside a transaction they agree (the writer holds the
 * assessment's lock); outside one, a commit may land between them, on this instance or another, so
 * the row's version and time are read again after them and the read is repeated when they moved.
 * Under a stream of commits the last try reads under the assessment's lock, where nothing moves.
 */
export async function loadAssessmentState(db: DbOrTx, assessmentId: string): Promise<AssessmentState | undefined> {
  if (inTransaction()) return await readAssessmentState(db, assessmentId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await readAssessmentState(db, assessmentId);
    if (!state) return undefined;
    const now = first(
      await db
        .select({ version: t.assessments.version, updatedAt: t.assessments.updatedAt })
        .from(t.assessments)
        .where(eq(t.assessments.id, assessmentId)),
    );
    if (now && now.version === state.version && now.updatedAt.getTime() === state.updatedAt) return state;
  }
  return await transaction(db, async (tx) => {
    await lockAssessment(tx, assessmentId);
    return await readAssessmentState(tx, assessmentId);
  });
}

async function readAssessmentState(db: DbOrTx, assessmentId: string): Promise<AssessmentState | undefined> {
  const row = first(await db.select().from(t.assessments).where(eq(t.assessments.id, assessmentId)));
  if (!row) return undefined;
  const scenarioRows = await db
    .select()
    .from(t.scenarios)
    .where(eq(t.scenarios.assessmentId, assessmentId))
    .orderBy(t.scenarios.position);
  const indicatorRows = await db
    .select()
    .from(t.indicators)
    .where(eq(t.indicators.assessmentId, assessmentId))
    .orderBy(t.indicators.position);
  const expectationRows = await db
    .select({
      indicatorId: t.expectations.indicatorId,
      scenarioId: t.expectations.scenarioId,
      rating: t.expectations.rating,
      likelihood: t.expectations.likelihood,
    })
    .from(t.expectations)
    .innerJoin(t.indicators, eq(t.indicators.id, t.expectations.indicatorId))
    .where(eq(t.indicators.assessmentId, assessmentId));
  const evidenceRows = await db
    .select()
    .from(t.evidence)
    .where(eq(t.evidence.assessmentId, assessmentId))
    .orderBy(t.evidence.recordedAt, t.evidence.id);
  const linkRows = await db
    .select({
      evidenceId: t.evidenceLinks.evidenceId,
      indicatorId: t.evidenceLinks.indicatorId,
      direction: t.evidenceLinks.direction,
    })
    .from(t.evidenceLinks)
    .innerJoin(t.evidence, eq(t.evidence.id, t.evidenceLinks.evidenceId))
    .where(eq(t.evidence.assessmentId, assessmentId));

  const expectationsByIndicator = new Map<string, Record<string, Expectation>>();
  for (const e of expectationRows) {
    const map = expectationsByIndicator.get(e.indicatorId) ?? {};
    expectationsByIndicator.set(e.indicatorId, map);
    map[e.scenarioId] = e.rating ?? (e.likelihood as number);
  }
  const linksByEvidence = new Map<string, Record<string, Direction>>();
  for (const l of linkRows) {
    const map = linksByEvidence.get(l.evidenceId) ?? {};
    linksByEvidence.set(l.evidenceId, map);
    map[l.indicatorId] = l.direction as Direction;
  }

  return {
    id: row.id,
    teamId: row.teamId,
    title: row.title,
    keyQuestion: row.keyQuestion,
    horizon: row.horizon,
    confidence: row.confidence,
    handling: row.handling,
    status: row.status,
    resolvedScenarioId: row.resolvedScenarioId,
    resolvedAt: row.resolvedAt,
    resolutionNote: row.resolutionNote,
    version: row.version,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    scenarios: scenarioRows.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      prior: s.prior,
      color: s.color,
      archived: s.archived,
    })),
    indicators: indicatorRows.map((i) => ({
      id: i.id,
      name: i.name,
      description: i.description,
      weight: i.weight,
      presenceOverride: i.presenceOverride,
      overrideRationale: i.overrideRationale,
      lastReviewedAt: i.lastReviewedAt.getTime(),
      expectations: expectationsByIndicator.get(i.id) ?? {},
    })),
    evidence: evidenceRows.map((e) => ({
      id: e.id,
      title: e.title,
      summary: e.summary,
      sourceName: e.sourceName,
      sourceUrl: e.sourceUrl,
      sourceKind: e.sourceKind,
      reliability: e.reliability,
      credibility: e.credibility as Credibility,
      observedAt: e.observedAt,
      recordedAt: e.recordedAt.getTime(),
      authorId: e.authorId,
      authorName: e.authorName,
      lastReviewedAt: e.lastReviewedAt.getTime(),
      links: linksByEvidence.get(e.id) ?? {},
      origin: e.origin,
    })),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((x) => [x.id, x]));
}

function indicatorRow(assessmentId: string, i: IndicatorState, position: number) {
  return {
    id: i.id,
    assessmentId,
    name: i.name,
    description: i.description,
    weight: i.weight,
    presenceOverride: i.presenceOverride,
    overrideRationale: i.overrideRationale,
    position,
    lastReviewedAt: new Date(i.lastReviewedAt),
  };
}

function evidenceRow(assessmentId: string, e: EvidenceState) {
  return {
    id: e.id,
    assessmentId,
    title: e.title,
    summary: e.summary,
    sourceName: e.sourceName,
    sourceUrl: e.sourceUrl,
    sourceKind: e.sourceKind,
    reliability: e.reliability,
    credibility: e.credibility,
    observedAt: e.observedAt,
    recordedAt: new Date(e.recordedAt),
    authorId: e.authorId,
    authorName: e.authorName,
    lastReviewedAt: new Date(e.lastReviewedAt),
    origin: e.origin,
  };
}

function expectationRow(indicatorId: string, scenarioId: string, value: Expectation) {
  return typeof value === "number"
    ? { indicatorId, scenarioId, rating: null, likelihood: value }
    : { indicatorId, scenarioId, rating: value, likelihood: null };
}

/**
 * Writes `after` over `before` touching only rows that differ. Positions are unique per
 * assessment, so moved rows are first parked at negative positions, then set. The reducer never
 * mutates, so an item (or a whole list) it left alone is the same object: those are skipped
 * without comparing, which keeps a one-cell edit of a 3,000-item assessment from serialising
 * every item twice.
 */
export async function writeStateDiff(tx: DbOrTx, before: AssessmentState, after: AssessmentState): Promise<void> {
  const id = after.id;
  const assessmentRow = {
    id,
    teamId: after.teamId,
    title: after.title,
    keyQuestion: after.keyQuestion,
    horizon: after.horizon,
    confidence: after.confidence,
    handling: after.handling,
    status: after.status,
    resolvedScenarioId: after.resolvedScenarioId,
    resolvedAt: after.resolvedAt,
    resolutionNote: after.resolutionNote,
    version: after.version,
    createdAt: new Date(after.createdAt),
    updatedAt: new Date(after.updatedAt),
  };
  if (before.version === 0) await tx.insert(t.assessments).values(assessmentRow);
  else await tx.update(t.assessments).set(assessmentRow).where(eq(t.assessments.id, id));

  // Scenarios.
  const oldScenarios = byId(before.scenarios);
  const newScenarioIds = new Set(after.scenarios.map((s) => s.id));
  const goneScenarios = before.scenarios.filter((s) => !newScenarioIds.has(s.id)).map((s) => s.id);
  if (goneScenarios.length) await tx.delete(t.scenarios).where(inArray(t.scenarios.id, goneScenarios));
  const movedScenarios = after.scenarios.filter(
    (s, index) => oldScenarios.has(s.id) && before.scenarios.findIndex((o) => o.id === s.id) !== index,
  );
  for (const [k, s] of movedScenarios.entries()) {
    await tx
      .update(t.scenarios)
      .set({ position: -1 - k })
      .where(eq(t.scenarios.id, s.id));
  }
  for (const [position, s] of after.scenarios.entries()) {
    const old = oldScenarios.get(s.id);
    const row = { ...s, assessmentId: id, position };
    if (!old) await tx.insert(t.scenarios).values(row);
    else if (!sameJson(old, s) || movedScenarios.includes(s)) {
      await tx.update(t.scenarios).set(row).where(eq(t.scenarios.id, s.id));
    }
  }

  if (before.indicators !== after.indicators) await writeIndicators(tx, before, after);
  if (before.evidence !== after.evidence) await writeEvidence(tx, before, after);
}

async function writeIndicators(tx: DbOrTx, before: AssessmentState, after: AssessmentState): Promise<void> {
  const id = after.id;
  const oldIndicators = byId(before.indicators);
  const newIndicatorIds = new Set(after.indicators.map((i) => i.id));
  const goneIndicators = before.indicators.filter((i) => !newIndicatorIds.has(i.id)).map((i) => i.id);
  if (goneIndicators.length) await tx.delete(t.indicators).where(inArray(t.indicators.id, goneIndicators));
  const oldIndex = new Map(before.indicators.map((i, index) => [i.id, index]));
  const movedIndicators = after.indicators.filter((i, index) => oldIndex.has(i.id) && oldIndex.get(i.id) !== index);
  for (const [k, i] of movedIndicators.entries()) {
    await tx
      .update(t.indicators)
      .set({ position: -1 - k })
      .where(eq(t.indicators.id, i.id));
  }
  const moved = new Set(movedIndicators.map((i) => i.id));
  for (const [position, indicator] of after.indicators.entries()) {
    const old = oldIndicators.get(indicator.id);
    if (old === indicator && !moved.has(indicator.id)) continue;
    const { expectations: newExpectations, ...fields } = indicator;
    if (!old) {
      await tx.insert(t.indicators).values(indicatorRow(id, indicator, position));
    } else {
      const { expectations: _e, ...oldFields } = old;
      if (!sameJson(oldFields, fields) || moved.has(indicator.id)) {
        await tx
          .update(t.indicators)
          .set(indicatorRow(id, indicator, position))
          .where(eq(t.indicators.id, indicator.id));
      }
    }
    const oldExpectations = old?.expectations ?? {};
    for (const [scenarioId, value] of Object.entries(newExpectations)) {
      const previous = oldExpectations[scenarioId];
      if (previous === value) continue;
      const row = expectationRow(indicator.id, scenarioId, value);
      if (previous === undefined) await tx.insert(t.expectations).values(row);
      else {
        await tx
          .update(t.expectations)
          .set({ rating: row.rating, likelihood: row.likelihood })
          .where(and(eq(t.expectations.indicatorId, indicator.id), eq(t.expectations.scenarioId, scenarioId)));
      }
    }
  }
}

async function writeEvidence(tx: DbOrTx, before: AssessmentState, after: AssessmentState): Promise<void> {
  const id = after.id;
  const newIndicatorIds = new Set(after.indicators.map((i) => i.id));
  const oldEvidence = byId(before.evidence);
  const newEvidenceIds = new Set(after.evidence.map((e) => e.id));
  const goneEvidence = before.evidence.filter((e) => !newEvidenceIds.has(e.id)).map((e) => e.id);
  if (goneEvidence.length) await tx.delete(t.evidence).where(inArray(t.evidence.id, goneEvidence));
  for (const item of after.evidence) {
    const old = oldEvidence.get(item.id);
    if (old === item) continue;
    const { links, ...fields } = item;
    if (!old) await tx.insert(t.evidence).values(evidenceRow(id, item));
    else {
      const { links: _l, ...oldFields } = old;
      if (!sameJson(oldFields, fields)) {
        await tx.update(t.evidence).set(evidenceRow(id, item)).where(eq(t.evidence.id, item.id));
      }
    }
    const oldLinks = old?.links ?? {};
    for (const [indicatorId, direction] of Object.entries(links)) {
      const previous = oldLinks[indicatorId];
      if (previous === direction) continue;
      if (previous === undefined) {
        await tx.insert(t.evidenceLinks).values({ evidenceId: item.id, indicatorId, direction });
      } else {
        await tx
          .update(t.evidenceLinks)
          .set({ direction })
          .where(and(eq(t.evidenceLinks.evidenceId, item.id), eq(t.evidenceLinks.indicatorId, indicatorId)));
      }
    }
    for (const indicatorId of Object.keys(oldLinks)) {
      // Links of deleted indicators went with them (ON DELETE CASCADE).
      if (!(indicatorId in links) && newIndicatorIds.has(indicatorId)) {
        await tx
          .delete(t.evidenceLinks)
          .where(and(eq(t.evidenceLinks.evidenceId, item.id), eq(t.evidenceLinks.indicatorId, indicatorId)));
      }
    }
  }
}

// ── A small cache of recently used states ────────────────────────────────────
// Every change goes through commitChange, which stores the state it committed; a read checks the
// row's version and updatedAt first, so a state changed by another process is never served stale.

interface Cached {
  state: AssessmentState;
}

const CACHE_LIMIT = 32;
const globalForCache = globalThis as unknown as { signpostStateCache?: Map<string, Cached> };

function cache(): Map<string, Cached> {
  globalForCache.signpostStateCache ??= new Map();
  return globalForCache.signpostStateCache;
}

export function rememberState(state: AssessmentState): void {
  const c = cache();
  c.delete(state.id);
  c.set(state.id, { state });
  if (c.size > CACHE_LIMIT) {
    const oldest = c.keys().next().value;
    if (oldest !== undefined) c.delete(oldest);
  }
}

export function forgetState(assessmentId: string): void {
  cache().delete(assessmentId);
}

/** Like loadAssessmentState, but serves the cached state when the row has not changed since. */
export async function loadAssessmentStateCached(
  db: DbOrTx,
  assessmentId: string,
): Promise<AssessmentState | undefined> {
  const row = first(
    await db
      .select({ version: t.assessments.version, updatedAt: t.assessments.updatedAt })
      .from(t.assessments)
      .where(eq(t.assessments.id, assessmentId)),
  );
  if (!row) return undefined;
  const hit = cache().get(assessmentId);
  if (hit && hit.state.version === row.version && hit.state.updatedAt === row.updatedAt.getTime()) return hit.state;
  const state = await loadAssessmentState(db, assessmentId);
  if (state) rememberState(state);
  return state;
}
