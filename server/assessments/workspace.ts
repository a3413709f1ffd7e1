// The analyst's edits to one assessment: each builds a Change (with fresh ids for new parts) and
// commits it with the version the caller saw, on an access checked for an analyst or owner.
import crypto from "node:crypto";
import { type AssessmentAccess, dbOf, needRole } from "@/server/access";
import type { EditAnswer } from "@/shared/assessment/answer";
import type { Change } from "@/shared/assessment/changes";
import { canonicalOrigin } from "@/shared/assessment/origins";
import type { AssessmentState, Direction, EvidenceState, Expectation, SourceKind } from "@/shared/assessment/state";
import type { Credibility, Reliability } from "@/shared/engine";
import { badInput } from "@/shared/errors";
import { isoDay } from "@/shared/format";
import { SCENARIO_COLOURS } from "./assessments";
import type { Actor } from "./commit";
import { answerOf, commitChange } from "./commit";

export interface EditBase {
  assessmentId: string;
  /** The assessment version the edit is based on. */
  version: number;
  rationale?: string | undefined;
}

type Editor = Actor & { id: string };

/**
 * Commits one change as `actor` on their checked access (an analyst's or owner's). Answers with the change as committed
 * rather than the whole state, which the caller already holds at the version it sent.
 */
export async function editAssessment(
  access: AssessmentAccess,
  actor: Editor,
  base: EditBase,
  build: (state: AssessmentState) => Change | Promise<Change>,
): Promise<EditAnswer> {
  return answerOf(
    await commitChange(dbOf(needRole(access, "analyst")), {
      assessmentId: base.assessmentId,
      baseVersion: base.version,
      actor,
      rationale: base.rationale ?? null,
      change: build,
    }),
  );
}

export async function updateAssessmentFields(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & {
    title?: string | undefined;
    keyQuestion?: string | undefined;
    horizon?: string | undefined;
    confidence?: AssessmentState["confidence"] | undefined;
    handling?: string | undefined;
  },
): Promise<EditAnswer> {
  const { assessmentId: _a, version: _v, rationale: _r, ...fields } = input;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return await editAssessment(access, actor, input, () => {
    if (Object.keys(defined).length === 0) throw badInput("input", "Nothing to change: give at least one field");
    if (typeof defined.horizon === "string" && defined.horizon < isoDay()) {
      throw badInput("horizon", "The horizon is in the past: pick a date from today on");
    }
    return { type: "assessment.update", ...defined };
  });
}

export async function addScenario(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { name: string; description?: string | undefined; prior: number; color?: string | undefined },
): Promise<EditAnswer> {
  // A taken name and a thirteenth active scenario are refused by the reducer (changes.ts).
  return await editAssessment(access, actor, input, (state) => {
    return {
      type: "scenario.add",
      scenario: {
        id: crypto.randomUUID(),
        name: input.name.trim(),
        description: input.description?.trim() ?? "",
        prior: input.prior,
        color: input.color ?? SCENARIO_COLOURS[state.scenarios.length % SCENARIO_COLOURS.length] ?? "#0072B2",
        archived: false,
      },
      // "Could go either way" leaves every existing indicator neutral until the analyst rates it.
      defaultExpectation: "could",
    };
  });
}

export async function updateScenario(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & {
    scenarioId: string;
    name?: string | undefined;
    description?: string | undefined;
    prior?: number | undefined;
    color?: string | undefined;
  },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, () => {
    const change: Change = { type: "scenario.update", scenarioId: input.scenarioId };
    if (input.name !== undefined) change.name = input.name.trim();
    if (input.description !== undefined) change.description = input.description.trim();
    if (input.prior !== undefined) change.prior = input.prior;
    if (input.color !== undefined) change.color = input.color;
    return change;
  });
}

export async function moveScenario(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { scenarioId: string; toIndex: number },
) {
  return await editAssessment(access, actor, input, () => ({
    type: "scenario.move",
    scenarioId: input.scenarioId,
    toIndex: input.toIndex,
  }));
}

export async function setScenarioArchived(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { scenarioId: string; archived: boolean },
) {
  return await editAssessment(access, actor, input, () => ({
    type: input.archived ? "scenario.archive" : "scenario.restore",
    scenarioId: input.scenarioId,
  }));
}

export async function addIndicator(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & {
    name: string;
    description?: string | undefined;
    weight: number;
    expectations: Record<string, Expectation>;
  },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, (state) => {
    const expectations: Record<string, Expectation> = {};
    for (const [scenarioId, value] of Object.entries(input.expectations)) {
      if (!state.scenarios.some((s) => s.id === scenarioId)) {
        throw badInput(`expectations.${scenarioId}`, `No scenario with id '${scenarioId}' in this assessment`);
      }
      expectations[scenarioId] = value;
    }
    // Archived scenarios still hold a rating so they can be restored; unrated ones start neutral.
    for (const s of state.scenarios) {
      if (expectations[s.id] === undefined) {
        if (!s.archived) throw badInput(`expectations.${s.id}`, `Rate the indicator against scenario '${s.name}'`);
        expectations[s.id] = "could";
      }
    }
    return {
      type: "indicator.add",
      indicator: {
        id: crypto.randomUUID(),
        name: input.name.trim(),
        description: input.description?.trim() ?? "",
        weight: input.weight,
        presenceOverride: null,
        overrideRationale: null,
        lastReviewedAt: Date.now(),
        expectations,
      },
    };
  });
}

export async function updateIndicator(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & {
    indicatorId: string;
    name?: string | undefined;
    description?: string | undefined;
    weight?: number | undefined;
  },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, () => {
    const change: Change = { type: "indicator.update", indicatorId: input.indicatorId };
    if (input.name !== undefined) change.name = input.name.trim();
    if (input.description !== undefined) change.description = input.description.trim();
    if (input.weight !== undefined) change.weight = input.weight;
    return change;
  });
}

export async function setExpectation(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { indicatorId: string; scenarioId: string; expectation: Expectation },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, () => ({
    type: "indicator.setExpectation",
    indicatorId: input.indicatorId,
    scenarioId: input.scenarioId,
    expectation: input.expectation,
  }));
}

export async function setPresence(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { indicatorId: string; presence: number | null; overrideRationale?: string | undefined },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, () => ({
    type: "indicator.setPresence",
    indicatorId: input.indicatorId,
    presence: input.presence,
    rationale: input.presence === null ? null : (input.overrideRationale?.trim() ?? null),
  }));
}

export async function moveIndicator(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { indicatorId: string; toIndex: number },
) {
  return await editAssessment(access, actor, input, () => ({
    type: "indicator.move",
    indicatorId: input.indicatorId,
    toIndex: input.toIndex,
  }));
}

export async function reviewIndicator(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { indicatorId: string },
) {
  return await editAssessment(access, actor, input, () => ({
    type: "indicator.review",
    indicatorId: input.indicatorId,
  }));
}

export async function deleteIndicator(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { indicatorId: string },
) {
  return await editAssessment(access, actor, input, () => ({
    type: "indicator.delete",
    indicatorId: input.indicatorId,
  }));
}

export interface EvidenceFields {
  title: string;
  summary?: string | undefined;
  sourceName: string;
  sourceUrl?: string | null | undefined;
  sourceKind: SourceKind;
  reliability: Reliability;
  credibility: Credibility;
  observedAt: string;
  /** The original report it repeats (DESIGN §2.3); empty or null for none. */
  origin?: string | null | undefined;
}

function checkObservedAt(observedAt: string, now = new Date()): void {
  if (observedAt > isoDay(now)) {
    throw badInput("observedAt", "The observed-at date is in the future: use the date it happened or was reported");
  }
}

export async function addEvidence(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & EvidenceFields & { links: { indicatorId: string; direction: Direction }[] },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, (state) => {
    checkObservedAt(input.observedAt);
    const links: Record<string, Direction> = {};
    input.links.forEach((l, i) => {
      if (!state.indicators.some((x) => x.id === l.indicatorId)) {
        throw badInput(`links.${i}.indicatorId`, `No indicator with id '${l.indicatorId}' in this assessment`);
      }
      if (links[l.indicatorId] !== undefined)
        throw badInput(`links.${i}.indicatorId`, "The same indicator is linked twice");
      links[l.indicatorId] = l.direction;
    });
    const now = Date.now();
    const item: EvidenceState = {
      id: crypto.randomUUID(),
      title: input.title.trim(),
      summary: input.summary?.trim() ?? "",
      sourceName: input.sourceName.trim(),
      sourceUrl: input.sourceUrl?.trim() || null,
      sourceKind: input.sourceKind,
      reliability: input.reliability,
      credibility: input.credibility,
      observedAt: input.observedAt,
      recordedAt: now,
      authorId: actor.id,
      authorName: actor.name,
      lastReviewedAt: now,
      links,
      origin: canonicalOrigin(state.evidence, input.origin ?? null),
    };
    return { type: "evidence.add", evidence: item };
  });
}

/** Names the original report an item repeats, or clears it (null): DESIGN §2.3. */
export async function setEvidenceOrigin(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { evidenceId: string; origin: string | null },
): Promise<EditAnswer> {
  return await editAssessment(access, actor, input, (state) => ({
    type: "evidence.setOrigin",
    evidenceId: input.evidenceId,
    // In the spelling the assessment already uses for that report, so the history reads as the locker does.
    origin: canonicalOrigin(
      state.evidence.filter((e) => e.id !== input.evidenceId),
      input.origin,
    ),
  }));
}

export async function updateEvidence(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { evidenceId: string } & Partial<EvidenceFields>,
): Promise<EditAnswer> {
  const { assessmentId: _a, version: _v, rationale: _r, evidenceId, ...rest } = input;
  const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<EvidenceFields>;
  if (fields.sourceUrl !== undefined) fields.sourceUrl = fields.sourceUrl?.trim() || null;
  return await editAssessment(access, actor, input, (state) => {
    if (fields.origin !== undefined) {
      fields.origin = canonicalOrigin(
        state.evidence.filter((e) => e.id !== evidenceId),
        fields.origin,
      );
    }
    if (input.observedAt !== undefined) checkObservedAt(input.observedAt);
    if (Object.keys(fields).length === 0) throw badInput("input", "Nothing to change: give at least one field");
    return {
      type: "evidence.update",
      evidenceId,
      fields: fields as Extract<Change, { type: "evidence.update" }>["fields"],
    };
  });
}

export async function linkEvidence(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { evidenceId: string; indicatorId: string; direction: Direction },
) {
  // The same link again (an empty change) is refused by the reducer.
  return await editAssessment(access, actor, input, () => {
    return {
      type: "evidence.link",
      evidenceId: input.evidenceId,
      indicatorId: input.indicatorId,
      direction: input.direction,
    };
  });
}

export async function unlinkEvidence(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { evidenceId: string; indicatorId: string },
) {
  return await editAssessment(access, actor, input, () => ({
    type: "evidence.unlink",
    evidenceId: input.evidenceId,
    indicatorId: input.indicatorId,
  }));
}

export async function deleteEvidence(
  access: AssessmentAccess,
  actor: Editor,
  input: EditBase & { evidenceId: string },
) {
  return await editAssessment(access, actor, input, () => ({ type: "evidence.delete", evidenceId: input.evidenceId }));
}
