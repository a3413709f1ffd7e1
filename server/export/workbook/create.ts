// A new assessment from a matrix plan (an ACH matrix as the analyst adjusted it in the preview, or
// a Signpost workbook): one `assessment.create` change through the commit path, so the history
// starts with the whole matrix and replays like any other. Counted with the JSON imports per person.
import crypto from "node:crypto";
import type { Db } from "@/db/connection";
import { requireTeamRole } from "@/server/access";
import { SCENARIO_COLOURS, todayIso } from "@/server/assessments/assessments";
import { commitChange } from "@/server/assessments/commit";
import { IMPORT_LIMIT, IMPORTED_TOO_MANY, importKey } from "@/server/export/json/write-import";
import { withHit } from "@/server/rate-limit";
import type { Change } from "@/shared/assessment/changes";
import type { MatrixPlan } from "@/shared/assessment/matrix-import";
import type { Direction } from "@/shared/assessment/state";
import { badInput } from "@/shared/errors";

/** The `assessment.create` change of a plan, with fresh ids. */
export function createChangeOf(
  plan: MatrixPlan,
  teamId: string,
  actor: { id: string | null; name: string },
  at: number,
): Extract<Change, { type: "assessment.create" }> {
  const id = crypto.randomUUID();
  const scenarios = plan.scenarios.map((s, k) => ({
    id: crypto.randomUUID(),
    name: s.name.trim(),
    description: s.description?.trim() ?? "",
    prior: s.prior,
    color: s.color ?? SCENARIO_COLOURS[k % SCENARIO_COLOURS.length] ?? "#0072B2",
    archived: false,
  }));
  const indicators = plan.indicators.map((i) => ({
    id: crypto.randomUUID(),
    name: i.name.trim(),
    description: i.description.trim(),
    weight: i.weight,
    presenceOverride: i.presence,
    overrideRationale: i.presence === null ? null : (i.overrideRationale?.trim() ?? null),
    lastReviewedAt: at,
    expectations: Object.fromEntries(scenarios.map((s, k) => [s.id, i.expectations[k] ?? "could"])),
  }));
  const evidence = plan.evidence.map((e, k) => {
    const links: Record<string, Direction> = {};
    for (const link of e.links) {
      const indicator = indicators[link.indicator];
      if (indicator) links[indicator.id] = link.direction;
    }
    return {
      id: crypto.randomUUID(),
      title: e.title,
      summary: e.summary,
      sourceName: e.sourceName,
      sourceUrl: e.sourceUrl,
      sourceKind: e.sourceKind,
      reliability: e.reliability,
      credibility: e.credibility,
      observedAt: e.observedAt,
      origin: e.origin,
      // As the workbook says, else in the plan's order a millisecond apart: the locker lists evidence as recorded.
      recordedAt: e.recordedAt ?? at - plan.evidence.length + k,
      authorId: e.authorName === undefined ? actor.id : null,
      authorName: e.authorName ?? actor.name,
      lastReviewedAt: at,
      links,
    };
  });
  return {
    type: "assessment.create",
    assessment: {
      id,
      teamId,
      title: plan.title.trim(),
      keyQuestion: plan.keyQuestion.trim(),
      horizon: plan.horizon,
      confidence: plan.confidence,
      handling: plan.handling?.trim() ?? "",
    },
    scenarios,
    indicators,
    evidence,
  };
}

/** Creates the plan's assessment in `teamId` (analysts and owners); nothing is written on a refusal. */
export async function createFromPlan(
  db: Db,
  actor: { id: string; name: string },
  teamId: string,
  plan: MatrixPlan,
  rationale: string | null,
  now = Date.now(),
  /** A workbook exported from an assessment whose horizon has passed is brought in as it is. */
  pastHorizon: "refuse" | "allow" = "refuse",
): Promise<{ id: string; title: string; version: number }> {
  await requireTeamRole(db, actor.id, teamId, "analyst");
  if (pastHorizon === "refuse" && plan.horizon < todayIso(new Date(now))) {
    throw badInput("horizon", "The horizon is in the past: pick a date from today on");
  }
  for (const [k, e] of plan.evidence.entries()) {
    if (e.observedAt > todayIso(new Date(now))) {
      throw badInput(`evidence.${k}.observedAt`, `Evidence '${e.title}': the observed-at date is in the future`);
    }
    if (e.recordedAt !== undefined && e.recordedAt > now) {
      throw badInput(`evidence.${k}.recordedAt`, `Evidence '${e.title}': the recorded time is in the future`);
    }
  }
  const change = createChangeOf(plan, teamId, actor, now);
  const { state } = await withHit(db, importKey(actor.id), IMPORT_LIMIT, IMPORTED_TOO_MANY, now, () =>
    commitChange(db, { assessmentId: change.assessment.id, baseVersion: null, actor, at: now, change, rationale }),
  );
  return { id: state.id, title: state.title, version: state.version };
}
