// Every limit a person can meet in Signpost, written once. The schemas (shared/assessment/schemas.ts,
// shared/teams.ts) turn them into the messages routers, the JSON import and the forms show; the
// database CHECKs (db/schema.ts) and the forms' text fields (app/components/text-field.tsx: a count
// near the limit, the excess past it, never a maxLength that cuts silently) read the same numbers.
// Lengths count UTF-16 code units after trimming, as zod's and SQLite's length() do for text typed here.

// ── Assessments ─────────────────────────────────────────────────────────────

/** An id as every procedure takes it. */
export const ID_MAX = 64;
/** Version, change and round numbers: the largest both stores hold (PostgreSQL's 4-byte integer). */
export const COUNTER_MAX = 2_147_483_647;
/** The last millisecond of the year 9999: the latest time both stores hold and ISO dates write. */
export const TIME_MAX = 253_402_300_799_999;
/** Said when a number is past COUNTER_MAX. */
export const COUNTER_TOO_BIG = "is at most 2,147,483,647";
export const TITLE_MAX = 200;
export const KEY_QUESTION_MAX = 1000;
export const HANDLING_MAX = 200;
export const RESOLUTION_NOTE_MAX = 2000;
/** The one-line "why" of a change, kept with its event. */
export const RATIONALE_MAX = 500;
/**
 * The edits one undo or redo may carry: undoing the deletion of an indicator restores it and each
 * of its evidence links, one edit each.
 */
export const REVERT_STEPS_MAX = 20_000;
/** The sentence an undo or a redo keeps of the change it reverts (names are at most a few hundred characters). */
export const REVERT_SUMMARY_MAX = 2000;

// ── Scenarios and indicators ────────────────────────────────────────────────

/** An assessment weighs at least two scenarios against each other… */
export const MIN_ACTIVE_SCENARIOS = 2;
/** …and at most this many at once: the engine, the matrix and the charts are built for it. */
export const MAX_ACTIVE_SCENARIOS = 12;
export const SCENARIO_NAME_MAX = 120;
export const INDICATOR_NAME_MAX = 200;
/** Of a scenario or an indicator. */
export const DESCRIPTION_MAX = 2000;
/** A prior weight is greater than 0 and at most this; priors are normalised, only ratios count. */
export const PRIOR_MAX = 1_000_000;
/** An indicator's weight and a presence are shares from 0 to 1 (forms show them as percents). */
export const SHARE_MIN = 0;
export const SHARE_MAX = 1;
/** Why an analyst overrides the presence derived from evidence. */
export const OVERRIDE_RATIONALE_MAX = 500;
/** The furthest index a scenario or indicator may be moved to. */
export const POSITION_MAX = 10_000;

// ── Evidence ────────────────────────────────────────────────────────────────

export const EVIDENCE_TITLE_MAX = 300;
export const SUMMARY_MAX = 5000;
export const SOURCE_NAME_MAX = 300;
/** An evidence item's origin: a short name for the original report it repeats (DESIGN §2.3). */
export const ORIGIN_MAX = 200;
export const SOURCE_URL_MAX = 2000;
/** Indicators one evidence item may be linked to. */
export const MAX_LINKS_PER_EVIDENCE = 300;

// ── Comments and baselines ──────────────────────────────────────────────────

export const COMMENT_MAX = 10_000;
export const BASELINE_NAME_MAX = 200;

// ── Teams and people ────────────────────────────────────────────────────────

export const TEAM_NAME_MAX = 120;
/** Days without a review before an indicator counts as stale: a team setting. */
export const STALE_AFTER_DAYS_MIN = 1;
export const STALE_AFTER_DAYS_MAX = 365;
export const STALE_AFTER_DAYS_DEFAULT = 14;
/** An email address as invitations keep it (RFC 5321 caps a path at 254 characters). */
export const EMAIL_MIN = 3;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
/** Longer than any link Signpost writes: a longer token is not an invitation link. */
export const INVITATION_TOKEN_MAX = 200;
/** A display name as sign-up, provisioning and renaming accept it (shared/display-name.ts). */
export const DISPLAY_NAME_MAX = 120;
/**
 * The longest person name an exported document carries (the JSON import accepts up to this). Names
 * checked by the schema are shorter; a longer one can only come from an installation older than the
 * check, and is cut with an ellipsis on export so the document still imports.
 */
export const EXPORTED_NAME_MAX = 200;

/** The most changes one page of `history.changes` returns. */
export const CHANGES_PAGE_MAX = 500;

// ── Team rounds (DESIGN §2.9) ───────────────────────────────────────────────

/** The facilitator's question to the participants ("Rate the S-400 and airlift rows again…"). */
export const ROUND_QUESTION_MAX = 1000;
/** A participant's one-line reason for their view of one indicator. */
export const JUDGEMENT_REASON_MAX = 300;
/** A round pools at least two judgements… */
export const ROUND_PARTICIPANTS_MIN = 2;
/** …from at most this many participants (the page and the engine are measured at 20). */
export const ROUND_PARTICIPANTS_MAX = 50;
/** Cells a round 2 may single out as the disputes to revisit. */
export const ROUND_FOCUS_MAX = 1000;
/**
 * The round page opens with the analysts' values of its first rows only (issue 14: 20 participants
 * on 12 × 300 open within 1 s): the heat map's first indicators and those of the first disputes.
 */
export const ROUND_FIRST_ROWS = 40;
export const ROUND_FIRST_DISPUTES = 10;
/** Indicators per page of `rounds.judgements`, which brings the other rows when they are shown. */
export const ROUND_JUDGEMENT_PAGE = 100;
