// A Signpost workbook applied to the assessment it was exported from: the edits that take the
// assessment to the workbook's priors, ratings, weights, overrides and evidence (the rows carry
// their ids), listed for the confirmation and then committed as ONE `workbook.apply` change with
// the analyst's rationale. What the workbook leaves out (an indicator or evidence row deleted) is
// kept, and the confirmation says so; scenarios are added and archived in the workspace, not here.
import crypto from "node:crypto";
import { applyChange, describeChange, type EditChange } from "@/shared/assessment/changes";
import { type AssessmentState, activeScenarios, type Direction, type EvidenceState } from "@/shared/assessment/state";
import { badInput } from "@/shared/errors";
import { cellName, SCENARIO_COLUMNS, SHEET } from "./layout";
import type { ReadWorkbook } from "./read";

export interface WorkbookDiff {
  steps: EditChange[];
  /** One sentence per edit, as the history will say it. */
  sentences: string[];
  /** What the workbook does not mention and stays as it is. */
  kept: { indicators: number; evidence: number };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The edits that take `state` to what `book` says; refuses a workbook of another assessment's scenarios. */
export function workbookDiff(
  state: AssessmentState,
  book: ReadWorkbook,
  actor: { id: string | null; name: string },
  at: number,
): WorkbookDiff {
  const steps: EditChange[] = [];
  const active = activeScenarios(state.scenarios);
  const idColumn = SCENARIO_COLUMNS.findIndex((c) => c.key === "id") + 1;
  // Scenario k of the workbook is this scenario of the assessment (by id, else by name).
  const scenarioIds = book.plan.scenarios.map((s, k) => {
    const byId = active.find((a) => a.id === book.scenarioIds[k]);
    const match = byId ?? active.find((a) => a.name.trim().toLowerCase() === s.name.trim().toLowerCase());
    if (!match) {
      const where = cellName(SHEET.scenarios, book.scenarioIds[k] ? idColumn : 1, k + 2);
      throw badInput(
        where,
        `${where}: '${s.name}' is not an active scenario of '${state.title}'; add it in the workspace first, or import the workbook as a new assessment`,
      );
    }
    return match.id;
  });
  const missing = active.find((a) => !scenarioIds.includes(a.id));
  if (missing) {
    const where = cellName(SHEET.scenarios, 1, book.plan.scenarios.length + 2);
    throw badInput(
      where,
      `${where}: scenario '${missing.name}' is missing; a workbook applied to an assessment lists all its active scenarios`,
    );
  }
  book.plan.scenarios.forEach((s, k) => {
    const current = active.find((a) => a.id === scenarioIds[k]);
    if (!current) return;
    const fields: { name?: string; description?: string; prior?: number } = {};
    if (s.name.trim() !== current.name) fields.name = s.name.trim();
    if ((s.description ?? "").trim() !== current.description) fields.description = (s.description ?? "").trim();
    if (s.prior !== current.prior) fields.prior = s.prior;
    if (Object.keys(fields).length) steps.push({ type: "scenario.update", scenarioId: current.id, ...fields });
  });

  const indicatorIds: string[] = [];
  book.plan.indicators.forEach((row, k) => {
    const existing = state.indicators.find((i) => i.id === book.indicatorIds[k]);
    const expectations = Object.fromEntries(scenarioIds.map((sid, j) => [sid, row.expectations[j] ?? "could"]));
    if (!existing) {
      const id = crypto.randomUUID();
      indicatorIds.push(id);
      // Archived scenarios hold a rating too: "could" says nothing.
      for (const s of state.scenarios) if (!(s.id in expectations)) expectations[s.id] = "could";
      steps.push({
        type: "indicator.add",
        indicator: {
          id,
          name: row.name,
          description: row.description,
          weight: row.weight,
          presenceOverride: row.presence,
          overrideRationale: row.overrideRationale,
          lastReviewedAt: at,
          expectations,
        },
      });
      return;
    }
    indicatorIds.push(existing.id);
    const fields: { name?: string; description?: string; weight?: number } = {};
    if (row.name !== existing.name) fields.name = row.name;
    if (row.description !== existing.description) fields.description = row.description;
    if (row.weight !== existing.weight) fields.weight = row.weight;
    if (Object.keys(fields).length) steps.push({ type: "indicator.update", indicatorId: existing.id, ...fields });
    for (const [sid, value] of Object.entries(expectations)) {
      if (existing.expectations[sid] !== value) {
        steps.push({ type: "indicator.setExpectation", indicatorId: existing.id, scenarioId: sid, expectation: value });
      }
    }
    if (
      row.presence !== existing.presenceOverride ||
      (row.presence !== null && row.overrideRationale !== existing.overrideRationale)
    ) {
      steps.push({
        type: "indicator.setPresence",
        indicatorId: existing.id,
        presence: row.presence,
        rationale: row.overrideRationale,
      });
    }
  });

  const seenEvidence = new Set<string>();
  book.plan.evidence.forEach((row, k) => {
    const links: Record<string, Direction> = {};
    for (const l of row.links) {
      const id = indicatorIds[l.indicator];
      if (id) links[id] = l.direction;
    }
    const existing = state.evidence.find((e) => e.id === book.evidenceIds[k]);
    if (!existing) {
      steps.push({
        type: "evidence.add",
        evidence: {
          id: crypto.randomUUID(),
          ...fieldsOf(row),
          recordedAt: at,
          authorId: actor.id,
          authorName: actor.name,
          lastReviewedAt: at,
          links,
        },
      });
      return;
    }
    seenEvidence.add(existing.id);
    const now = fieldsOf(row);
    const changed = Object.fromEntries(
      Object.entries(now).filter(([key, value]) => !same(existing[key as keyof EvidenceState], value)),
    );
    if (Object.keys(changed).length) steps.push({ type: "evidence.update", evidenceId: existing.id, fields: changed });
    for (const [indicatorId, direction] of Object.entries(links)) {
      if (existing.links[indicatorId] !== direction) {
        steps.push({ type: "evidence.link", evidenceId: existing.id, indicatorId, direction });
      }
    }
    for (const indicatorId of Object.keys(existing.links)) {
      // A link to an indicator the workbook leaves out stays: that indicator is kept too.
      if (!(indicatorId in links) && indicatorIds.includes(indicatorId)) {
        steps.push({ type: "evidence.unlink", evidenceId: existing.id, indicatorId });
      }
    }
  });

  // The sentences the history will show, each said of the state it applies to.
  const sentences: string[] = [];
  let next = state;
  for (const step of steps) {
    sentences.push(describeChange(next, step));
    next = applyChange(next, step, { at });
  }
  return {
    steps,
    sentences,
    kept: {
      indicators: state.indicators.filter((i) => !indicatorIds.includes(i.id)).length,
      evidence: state.evidence.filter((e) => !seenEvidence.has(e.id)).length,
    },
  };
}

function fieldsOf(row: ReadWorkbook["plan"]["evidence"][number]) {
  return {
    title: row.title,
    summary: row.summary,
    sourceName: row.sourceName,
    sourceUrl: row.sourceUrl,
    sourceKind: row.sourceKind,
    reliability: row.reliability,
    credibility: row.credibility,
    observedAt: row.observedAt,
    origin: row.origin,
  };
}
