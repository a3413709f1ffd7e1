// Public entry of the assessment engine (DESIGN §2): pure arithmetic, the same on the server and in the browser.
// The method, its tables and a worked example are in README.md beside this file.
export {
  assess,
  assessLive,
  collectionOutlook,
  type ProbabilitySeries,
  probabilitySeries,
  scenarioProbabilities,
} from "./assess";
export { InvalidModelError } from "./errors";
export { evidenceAccuracy, indicatorPresence, logit, ratingLikelihood, sigmoid } from "./grading";
export { poolRound } from "./pool";
export { brierScore, evenSpreadBrier, logScore, type ProbabilitySnapshot, timeWeightedBrier } from "./scores";
export {
  ACCURACY_MAX,
  ACCURACY_MIN,
  CREDIBILITY,
  CREDIBILITY_GRADES,
  type Credibility,
  ESTIMATIVE_TERMS,
  type EstimativeBand,
  type EstimativeTerm,
  type GradeInfo,
  ICD203_BANDS,
  LIKELIHOOD_MAX,
  LIKELIHOOD_MIN,
  PRESENCE_FROM_EVIDENCE_MAX,
  PRESENCE_FROM_EVIDENCE_MIN,
  RATING_KEYS,
  RATINGS,
  type Rating,
  type RatingInfo,
  RELIABILITY,
  RELIABILITY_GRADES,
  type Reliability,
} from "./tables";
export { bandHolds, estimativeBand, estimativeTerm, LEADING_TIE, leadingScenarioId } from "./terms";
export type {
  CredibilityInput,
  Direction,
  EngineEvidenceLink,
  EngineIndicator,
  EngineModel,
  EngineResult,
  EngineScenario,
  Expectation,
  IndicatorOutlook,
  LiveResult,
  RoundCell,
  RoundConsensus,
  RoundInput,
  RoundParticipant,
  RoundResult,
} from "./types";
export { validateModel } from "./validate";
