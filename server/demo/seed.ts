// Seeds the demo assessment (DESIGN §4) on an empty database, idempotently: it runs only when
// no team exists. The demo is replayed through the same commit path as the app, step by step at
// its historical times, so its timeline, baseline and compare views are real.

import crypto from "node:crypto";
import { count } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { SCENARIO_COLOURS } from "@/server/assessments/assessments";
import { createBaselineInTx } from "@/server/assessments/baselines";
import { type Actor, commitChangeInTx } from "@/server/assessments/commit";
import { DEFAULT_TEAM_NAME } from "@/server/teams/first-account";
import type { Change } from "@/shared/assessment/changes";
import type { EvidenceState, IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { russiaSyriaDemo } from "./russia-syria";
import type { DemoAssessment } from "./types";

export interface SeedResult {
  seeded: boolean;
  teamId?: string;
  assessmentId?: string;
}

export async function seedDemo(db: Db, demo: DemoAssessment = russiaSyriaDemo): Promise<SeedResult> {
  return await transaction(db, async (tx) => {
    const teams = first(await tx.select({ n: count() }).from(t.teams))?.n ?? 0;
    if (teams > 0) return { seeded: false };
    const teamId = crypto.randomUUID();
    await tx.insert(t.teams).values({ id: teamId, name: DEFAULT_TEAM_NAME, createdAt: new Date(demo.createdAt) });
    const assessmentId = await seedAssessment(tx, teamId, demo);
    return { seeded: true, teamId, assessmentId };
  });
}

/** Writes one demo assessment into `teamId` inside the caller's transaction; returns its id. */
export async function seedAssessment(tx: DbOrTx, teamId: string, demo: DemoAssessment): Promise<string> {
  const assessmentId = crypto.randomUUID();
  const actors: Record<string, Actor> = Object.fromEntries(
    Object.entries(demo.actors).map(([key, a]) => [key, { id: null, name: a.name }]),
  );
  const createdAt = Date.parse(demo.createdAt);
  const scenarioIds = new Map(demo.scenarios.map((s) => [s.key, crypto.randomUUID()]));
  const indicatorIds = new Map(demo.indicators.map((i) => [i.key, crypto.randomUUID()]));
  const sid = (key: string) => scenarioIds.get(key) ?? missing("scenario", key);
  const iid = (key: string) => indicatorIds.get(key) ?? missing("indicator", key);

  const scenarios: ScenarioState[] = demo.scenarios.map((s, i) => ({
    id: sid(s.key),
    name: s.name,
    description: s.description,
    prior: s.prior,
    color: s.color || (SCENARIO_COLOURS[i] ?? "#0072B2"),
    archived: false,
  }));
  const indicators: IndicatorState[] = demo.indicators.map((i) => ({
    id: iid(i.key),
    name: i.name,
    description: i.description,
    weight: i.weight,
    presenceOverride: null,
    overrideRationale: null,
    lastReviewedAt: createdAt,
    expectations: Object.fromEntries(Object.entries(i.expectations).map(([key, r]) => [sid(key), r])),
  }));
  const firstActor = demo.steps[0]?.actor ?? "lead";
  let version = (
    await commitChangeInTx(tx, {
      assessmentId,
      baseVersion: null,
      actor: actors[firstActor] ?? { id: null, name: "Demo analyst" },
      at: createdAt,
      rationale: "Framed the question after the fall of the Assad government; priors from pre-crisis posture.",
      change: {
        type: "assessment.create",
        assessment: {
          id: assessmentId,
          teamId,
          title: demo.title,
          keyQuestion: demo.keyQuestion,
          horizon: demo.horizon,
          confidence: demo.confidence,
          handling: demo.handling,
        },
        scenarios,
        indicators,
        evidence: [],
      },
    })
  ).state.version;

  const evidenceByKey = new Map(demo.evidence.map((e) => [e.key, e]));
  for (const step of demo.steps) {
    const at = Date.parse(step.at);
    const actor = actors[step.actor] ?? { id: null, name: "Demo analyst" };
    const action = step.action;
    if (action.type === "baseline") {
      await createBaselineInTx(tx, { assessmentId, name: action.name, actor, at });
      continue;
    }
    let change: Change;
    switch (action.type) {
      case "addEvidence": {
        const e = evidenceByKey.get(action.evidence) ?? missing("evidence", action.evidence);
        const item: EvidenceState = {
          id: crypto.randomUUID(),
          title: e.title,
          summary: e.summary,
          sourceName: e.sourceName,
          sourceUrl: e.sourceUrl,
          sourceKind: e.sourceKind,
          reliability: e.reliability,
          credibility: e.credibility,
          observedAt: e.observedAt,
          recordedAt: at,
          authorId: null,
          authorName: actor.name,
          lastReviewedAt: at,
          links: Object.fromEntries(e.links.map((l) => [iid(l.indicator), l.direction])),
          origin: e.origin ?? null,
        };
        change = { type: "evidence.add", evidence: item };
        break;
      }
      case "setRating":
        change = {
          type: "indicator.setExpectation",
          indicatorId: iid(action.indicator),
          scenarioId: sid(action.scenario),
          expectation: action.rating,
        };
        break;
      case "setWeight":
        change = { type: "indicator.update", indicatorId: iid(action.indicator), weight: action.weight };
        break;
      case "setConfidence":
        change = { type: "assessment.update", confidence: action.confidence };
        break;
      case "setPrior":
        change = { type: "scenario.update", scenarioId: sid(action.scenario), prior: action.prior };
        break;
    }
    version = (
      await commitChangeInTx(tx, {
        assessmentId,
        baseVersion: version,
        actor,
        at,
        rationale: step.rationale,
        change,
      })
    ).state.version;
  }
  return assessmentId;
}

function missing(kind: string, key: string): never {
  throw new Error(`Demo data refers to an unknown ${kind} '${key}'`);
}
