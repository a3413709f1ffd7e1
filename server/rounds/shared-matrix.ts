// The shared model as a round's page names and compares things with it: the assessment's title and
// version, its scenarios, and each indicator's name and current ratings. No evidence, no
// descriptions: the page reads the whole assessment (assessments.get) only where it runs the engine
// (the participant's private copy, the facilitator's adopt form). Any member may read it, as they may
// read the whole assessment; it carries no judgement.
import { type AssessmentAccess, dbOf } from "@/server/access";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import type { AssessmentState, IndicatorState } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";

export interface SharedMatrix extends Pick<AssessmentState, "id" | "title" | "version" | "scenarios"> {
  indicators: Pick<IndicatorState, "id" | "name" | "expectations">[];
}

/** One answer per state object: the cached state changes identity with every change of the assessment. */
const matrixOfState = new WeakMap<AssessmentState, SharedMatrix>();

export async function sharedMatrix(access: AssessmentAccess): Promise<SharedMatrix> {
  const state = await loadAssessmentStateCached(dbOf(access), access.assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${access.assessmentId}'`, "assessmentId");
  let matrix = matrixOfState.get(state);
  if (!matrix) {
    matrix = {
      id: state.id,
      title: state.title,
      version: state.version,
      scenarios: state.scenarios,
      indicators: state.indicators.map((i) => ({ id: i.id, name: i.name, expectations: i.expectations })),
    };
    matrixOfState.set(state, matrix);
  }
  return matrix;
}
