// Import, step one: checks an uploaded document (./format.ts) and replays its history with the
// reducer, the schemas and the engine the live app uses, into a plan of what to write. Pure and
// without a database: the CPU-heavy part, which may run off the event loop (server/offload).
import crypto from "node:crypto";
import { stateEventPayload } from "@/server/assessments/commit";
import { CHECKPOINT_EVERY } from "@/server/assessments/replay";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModelSeries } from "@/shared/assessment/engine-model";
import type { EventPayload, Probabilities } from "@/shared/assessment/event-log";
import type { AssessmentState, CommentTarget } from "@/shared/assessment/state";
import { InvalidModelError, probabilitySeries } from "@/shared/engine";
import { DomainError } from "@/shared/errors";
import { formatMegabytes, isoDay } from "@/shared/format";
import { type ExportedRound, IMPORT_CAPS, type ParsedDocument, parseExportDocument, refuse } from "./format";

/** Replaces every string in `value` that is a key of `ids`, and object keys too; drops user ids. */
function remap(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        ids.get(k) ?? k,
        k === "authorId" || k === "actorId" ? null : remap(v, ids),
      ]),
    );
  }
  return value;
}

/** Every id the document gives a part of the assessment, a comment or a baseline. */
function collectIds(doc: ParsedDocument): Set<string> {
  const found = new Set<string>([doc.assessment.id]);
  const s = doc.assessment;
  for (const x of [...s.scenarios, ...s.indicators, ...s.evidence]) found.add(x.id);
  for (const b of doc.baselines) found.add(b.id);
  for (const c of doc.comments) found.add(c.id);
  for (const r of doc.rounds ?? []) {
    found.add(r.id);
    for (const c of r.comments) found.add(c.id);
  }
  for (const e of doc.events) {
    if (!("change" in e.payload)) {
      if ("baselineId" in e.payload) found.add(e.payload.baselineId);
      continue;
    }
    const change = e.payload.change;
    if (change.type === "assessment.create") {
      found.add(change.assessment.id);
      for (const x of [...change.scenarios, ...change.indicators, ...change.evidence]) found.add(x.id);
    } else if (change.type === "scenario.add") found.add(change.scenario.id);
    else if (change.type === "indicator.add") found.add(change.indicator.id);
    else if (change.type === "evidence.add") found.add(change.evidence.id);
  }
  return found;
}

/** JSON with object keys sorted, so two states compare equal whatever order their maps were built in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function canonical(state: AssessmentState): string {
  return stableJson({
    ...state,
    evidence: [...state.evidence].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1)),
  });
}

/**
 * The checks the live path makes outside the reducer, where they depend on when a change was made
 * (server/assessments/workspace.ts, assessments.ts, assessments/resolution.ts), applied at the time the
 * file says the change was made; and no time or date the change carries may lie after `now`.
 */
function checkWhen(state: AssessmentState, change: Change, at: number, now: number, field: string): void {
  const notLater = (ms: number, path: string) => {
    if (ms > now) throw refuse(`${field}.${path}`, "is later than now: a time Signpost cannot have recorded");
  };
  const observed = (date: string, path: string) => {
    if (date > isoDay(now)) throw refuse(`${field}.${path}`, "The observed-at date is in the future");
  };
  switch (change.type) {
    case "assessment.create":
      if (change.assessment.horizon < isoDay(at)) {
        throw refuse(`${field}.assessment.horizon`, "The horizon is before the day the assessment was created");
      }
      change.indicators.forEach((i, k) => {
        notLater(i.lastReviewedAt, `indicators.${k}.lastReviewedAt`);
      });
      change.evidence.forEach((e, k) => {
        notLater(e.recordedAt, `evidence.${k}.recordedAt`);
        notLater(e.lastReviewedAt, `evidence.${k}.lastReviewedAt`);
        observed(e.observedAt, `evidence.${k}.observedAt`);
      });
      return;
    case "assessment.update":
      if (change.horizon !== undefined && change.horizon < isoDay(at)) {
        throw refuse(`${field}.horizon`, "The horizon is in the past at the time of this change");
      }
      return;
    case "assessment.resolve":
      if (change.resolvedAt < isoDay(state.createdAt)) {
        throw refuse(
          `${field}.resolvedAt`,
          `The assessment was created on ${isoDay(state.createdAt)}: the resolution cannot be earlier`,
        );
      }
      if (change.resolvedAt > isoDay(at))
        throw refuse(`${field}.resolvedAt`, "The resolution date is after the change that records it");
      return;
    case "indicator.add":
      notLater(change.indicator.lastReviewedAt, "indicator.lastReviewedAt");
      return;
    case "evidence.add":
      notLater(change.evidence.recordedAt, "evidence.recordedAt");
      notLater(change.evidence.lastReviewedAt, "evidence.lastReviewedAt");
      observed(change.evidence.observedAt, "evidence.observedAt");
      return;
    case "evidence.update":
      if (change.fields.observedAt !== undefined) observed(change.fields.observedAt, "fields.observedAt");
      return;
    case "change.undo":
    case "change.redo":
    case "workbook.apply":
      change.steps.forEach((step, k) => {
        checkWhen(state, step, at, now, `${field}.steps.${k}`);
      });
      return;
    default:
      return;
  }
}

/** The assessment is written whole (a checkpoint, the end): it must stay within IMPORT_CAPS.stateBytes. */
function checkStateSize(state: AssessmentState, field: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(state));
  if (bytes > IMPORT_CAPS.stateBytes) {
    throw refuse(
      field,
      `the assessment takes ${formatMegabytes(bytes)} here, more than the ${formatMegabytes(IMPORT_CAPS.stateBytes)} one import may carry at a checkpoint or at its end`,
    );
  }
}

function checkCaps(state: AssessmentState, field: string): void {
  const over = (what: string, count: number, cap: number) => {
    if (count > cap) {
      throw refuse(field, `the assessment would hold ${count} ${what}, more than the ${cap} one import may carry`);
    }
  };
  over("scenarios", state.scenarios.length, IMPORT_CAPS.scenarios);
  over("indicators", state.indicators.length, IMPORT_CAPS.indicators);
  over("evidence items", state.evidence.length, IMPORT_CAPS.evidence);
}

/** An event as written: the export's fields, its time as epoch ms. */
interface PlannedEvent {
  seq: number;
  at: number;
  actorName: string;
  kind: string;
  rationale: string | null;
  payload: EventPayload;
  probabilities: Probabilities;
}

/** Everything writeImport writes: plain data (no Dates or classes), so it can cross to another thread. */
export interface ImportPlan {
  teamId: string;
  /** The assessment as its history leaves it: the current-state tables. */
  state: AssessmentState;
  events: PlannedEvent[];
  /** The states the commit path would have checkpointed, by event number. */
  checkpoints: { seq: number; state: AssessmentState }[];
  baselines: { id: string; name: string; eventSeq: number; createdAt: number }[];
  comments: {
    id: string;
    targetKind: CommentTarget;
    targetId: string;
    parentId: string | null;
    authorName: string;
    body: string;
    createdAt: number;
    editedAt: number | null;
  }[];
  /** Closed, adopted and abandoned rounds with the judgements that count (ids already renewed). */
  rounds: ExportedRound[];
}

/**
 * Checks `raw` (a parsed JSON document) and replays its history: pure, touches no database.
 * Every change is validated with the live schemas and applied with the live reducer, every event's
 * probabilities are the engine's on the replayed state (the file's are never used), times run
 * forward and not past `now`. Throws BAD_REQUEST naming the first bad field.
 */
export function prepareImport(raw: unknown, options: { teamId: string; now?: number }): ImportPlan {
  const now = options.now ?? Date.now();
  const { teamId } = options;
  const source = parseExportDocument(raw);
  const ids = new Map<string, string>([...collectIds(source)].map((old) => [old, crypto.randomUUID()]));
  ids.set(source.assessment.teamId, teamId);
  const doc = remap(source, ids) as ParsedDocument;
  const newId = doc.assessment.id;

  // Events: numbered 1, 2, 3…, the first creates the assessment, times run forward up to now.
  let state = emptyState();
  let probabilities: Record<string, number> = {};
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastCheckpoint = 0;
  const toModel = engineModelSeries();
  const engine = probabilitySeries();
  const events: PlannedEvent[] = [];
  /** The events so far that changed the state: what an undo or a redo may revert. */
  const stateSeqs = new Set<number>();
  const checkpoints: ImportPlan["checkpoints"] = [];
  doc.events.forEach((e, k) => {
    const field = `events[${k}]`;
    if (e.seq !== k + 1) throw refuse(`${field}.seq`, `expected ${k + 1}, found ${e.seq}: the history has a gap`);
    const at = Date.parse(e.at);
    if (at < 0) throw refuse(`${field}.at`, "is before 1970: not a time Signpost recorded");
    if (at > now) throw refuse(`${field}.at`, `is later than now (${new Date(now).toISOString()})`);
    if (at < lastAt) throw refuse(`${field}.at`, "is earlier than the event before it: the history must run forward");
    lastAt = at;
    const rationale = e.rationale?.trim() || null;
    if (!("change" in e.payload)) {
      if (k === 0) throw refuse("events[0]", "the history must start with the creation of the assessment");
      const payload =
        e.kind === "baseline.create" && "stateVersion" in e.payload
          ? { ...e.payload, stateVersion: state.version }
          : e.payload;
      events.push({
        seq: e.seq,
        at,
        actorName: e.actorName,
        kind: e.kind,
        rationale,
        payload,
        probabilities: { ...probabilities },
      });
      return;
    }
    const change = e.payload.change;
    if (k === 0 && change.type !== "assessment.create")
      throw refuse("events[0]", "the history must start with the creation of the assessment");
    if (change.type !== e.kind) throw refuse(`${field}.kind`, `is '${e.kind}' but the change is '${change.type}'`);
    if ((change.type === "change.undo" || change.type === "change.redo") && !stateSeqs.has(change.seq)) {
      throw refuse(
        `${field}.payload.change.seq`,
        `names event ${change.seq}, which is not an earlier change of the state`,
      );
    }
    stateSeqs.add(e.seq);
    checkWhen(state, change, at, now, `${field}.payload.change`);
    const before = state;
    try {
      state = applyChange(state, change, { at });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw refuse(`${field}.payload.change${error.field ? `.${error.field}` : ""}`, error.message);
    }
    checkCaps(state, field);
    try {
      probabilities = engine.probabilities(toModel(state));
    } catch (error) {
      if (!(error instanceof InvalidModelError)) throw error;
      throw refuse(`${field}.payload.change`, `the assessment cannot be computed after it: ${error.message}`);
    }
    if (engine.work > IMPORT_CAPS.replayWork) {
      throw refuse(
        field,
        `replaying the history this far recomputes more than ${IMPORT_CAPS.replayWork.toLocaleString("en")} matrix cells and evidence links, more than one import may (docs/export-format.md)`,
      );
    }
    events.push({
      seq: e.seq,
      at,
      actorName: e.actorName,
      kind: e.kind,
      rationale,
      payload: stateEventPayload(before, state, change),
      probabilities,
    });
    // The commit path's rule (server/assessments/replay.ts maybeWriteCheckpoint), which writeImport applies.
    if (e.seq - lastCheckpoint >= CHECKPOINT_EVERY) {
      checkStateSize(state, field);
      checkpoints.push({ seq: e.seq, state });
      lastCheckpoint = e.seq;
    }
  });

  checkStateSize(state, "assessment");
  // A file from before origins (DESIGN §2.3) has none: its items are their own reports.
  const expected: AssessmentState = {
    ...doc.assessment,
    teamId,
    evidence: doc.assessment.evidence.map((e) => ({ ...e, origin: e.origin ?? null })),
  };
  if (state.id !== newId || canonical(state) !== canonical(expected)) {
    throw refuse(
      "events",
      "replaying the history does not give the exported assessment: the file was changed or is incomplete",
    );
  }

  const lastSeq = doc.events.length;
  const baselineIds = new Set<string>();
  const baselines = doc.baselines.map((b, k) => {
    if (b.eventSeq > lastSeq)
      throw refuse(`baselines[${k}].eventSeq`, `points at change ${b.eventSeq}, but the history has ${lastSeq}`);
    if (baselineIds.has(b.id)) throw refuse(`baselines[${k}].id`, "is the id of another baseline in the file");
    baselineIds.add(b.id);
    const createdAt = Date.parse(b.createdAt);
    if (createdAt > now) throw refuse(`baselines[${k}].createdAt`, "is later than now");
    return { id: b.id, name: b.name, eventSeq: b.eventSeq, createdAt };
  });

  const byId = new Map<string, { comment: ParsedDocument["comments"][number]; index: number }>();
  doc.comments.forEach((c, k) => {
    if (!byId.has(c.id)) byId.set(c.id, { comment: c, index: k });
  });
  const targets = {
    assessment: new Set([newId]),
    scenario: new Set(state.scenarios.map((s) => s.id)),
    indicator: new Set(state.indicators.map((i) => i.id)),
    evidence: new Set(state.evidence.map((e) => e.id)),
  };
  const comments = doc.comments.map((c, k) => {
    if (byId.get(c.id)?.index !== k) throw refuse(`comments[${k}].id`, "is the id of another comment in the file");
    if (!targets[c.targetKind].has(c.targetId))
      throw refuse(`comments[${k}].targetId`, `refers to no ${c.targetKind} in the file`);
    const createdAt = Date.parse(c.createdAt);
    const editedAt = c.editedAt === null ? null : Date.parse(c.editedAt);
    if (createdAt > now) throw refuse(`comments[${k}].createdAt`, "is later than now");
    if (editedAt !== null && (editedAt < createdAt || editedAt > now))
      throw refuse(`comments[${k}].editedAt`, "is before the comment was written, or later than now");
    if (c.parentId !== null) {
      const parent = byId.get(c.parentId);
      if (!parent) throw refuse(`comments[${k}].parentId`, "refers to no comment in the file");
      if (parent.comment.targetKind !== c.targetKind || parent.comment.targetId !== c.targetId)
        throw refuse(`comments[${k}].parentId`, "A reply must be on the same item as the comment it answers");
      // A reply comes after what it answers, so a thread cannot loop back on itself.
      if (Date.parse(parent.comment.createdAt) > createdAt || parent.comment.id === c.id)
        throw refuse(`comments[${k}].parentId`, "answers a comment written after it");
    }
    return {
      id: c.id,
      targetKind: c.targetKind,
      targetId: c.targetId,
      parentId: c.parentId,
      authorName: c.authorName,
      body: c.body,
      createdAt,
      editedAt,
    };
  });

  const rounds = checkRounds(doc.rounds ?? [], { known: new Set(ids.values()), events, now });
  return { teamId, state, events, checkpoints, baselines, comments, rounds };
}

/**
 * The rounds of a file, held to what the app writes: distinct ids and numbers, a round follows an
 * earlier one, its indicators and scenarios are parts of the assessment's history, an adopted round
 * points at its `round.adopt` event, letters are distinct, replies answer a comment of the same dispute.
 */
function checkRounds(
  rounds: ExportedRound[],
  context: { known: Set<string>; events: PlannedEvent[]; now: number },
): ExportedRound[] {
  const byId = new Map<string, ExportedRound>();
  const numbers = new Set<number>();
  rounds.forEach((r, k) => {
    const field = `rounds[${k}]`;
    if (byId.has(r.id)) throw refuse(`${field}.id`, "is the id of another round in the file");
    if (numbers.has(r.number)) throw refuse(`${field}.number`, `round ${r.number} appears twice`);
    byId.set(r.id, r);
    numbers.add(r.number);
  });
  const part = (id: string, field: string) => {
    if (!context.known.has(id)) throw refuse(field, "refers to no part of the assessment in the file");
  };
  const later = (time: string | null, field: string) => {
    if (time !== null && Date.parse(time) > context.now) throw refuse(field, "is later than now");
  };
  rounds.forEach((r, k) => {
    const field = `rounds[${k}]`;
    if (r.previousRoundId !== null) {
      const before = byId.get(r.previousRoundId);
      if (!before || before.number >= r.number) {
        throw refuse(`${field}.previousRoundId`, "must name an earlier round of the file");
      }
    }
    for (const [key, time] of [
      ["openedAt", r.openedAt],
      ["closedAt", r.closedAt],
      ["adoptedAt", r.adoptedAt],
    ] as const) {
      later(time, `${field}.${key}`);
    }
    if (r.adoptedSeq !== null) {
      const event = context.events[r.adoptedSeq - 1];
      const change = event && "change" in event.payload ? event.payload.change : undefined;
      if (change?.type !== "round.adopt" || change.roundId !== r.id) {
        throw refuse(`${field}.adoptedSeq`, "must point at the round.adopt change of this round in the history");
      }
    }
    r.scope.forEach((s, j) => {
      part(s.indicatorId, `${field}.scope[${j}].indicatorId`);
    });
    if (new Set(r.scope.map((s) => s.indicatorId)).size !== r.scope.length) {
      throw refuse(`${field}.scope`, "lists an indicator twice");
    }
    const inScope = new Set(r.scope.map((s) => s.indicatorId));
    r.focus.forEach((c, j) => {
      if (!inScope.has(c.indicatorId)) throw refuse(`${field}.focus[${j}].indicatorId`, "is not in the round's scope");
      part(c.scenarioId, `${field}.focus[${j}].scenarioId`);
    });
    const labels = new Set<string>();
    r.participants.forEach((p, j) => {
      const pfield = `${field}.participants[${j}]`;
      if (labels.has(p.label)) throw refuse(`${pfield}.label`, `Analyst ${p.label} appears twice in the round`);
      labels.add(p.label);
      later(p.submittedAt, `${pfield}.submittedAt`);
      later(p.leftAt, `${pfield}.leftAt`);
      const j2 = p.judgement;
      if (!j2) return;
      for (const [indicatorId, row] of Object.entries(j2.expectations)) {
        if (!inScope.has(indicatorId))
          throw refuse(`${pfield}.judgement.expectations.${indicatorId}`, "is not in the round's scope");
        for (const scenarioId of Object.keys(row))
          part(scenarioId, `${pfield}.judgement.expectations.${indicatorId}.${scenarioId}`);
      }
      for (const key of ["weights", "reasons"] as const) {
        for (const indicatorId of Object.keys(j2[key])) {
          if (!inScope.has(indicatorId))
            throw refuse(`${pfield}.judgement.${key}.${indicatorId}`, "is not in the round's scope");
        }
      }
    });
    const comments = new Map(r.comments.map((c) => [c.id, c]));
    r.comments.forEach((c, j) => {
      const cfield = `${field}.comments[${j}]`;
      if (!inScope.has(c.indicatorId)) throw refuse(`${cfield}.indicatorId`, "is not in the round's scope");
      if (c.scenarioId !== null) part(c.scenarioId, `${cfield}.scenarioId`);
      later(c.createdAt, `${cfield}.createdAt`);
      if (c.parentId !== null) {
        const parent = comments.get(c.parentId);
        if (
          !parent ||
          parent.indicatorId !== c.indicatorId ||
          parent.scenarioId !== c.scenarioId ||
          parent.createdAt > c.createdAt ||
          parent.id === c.id
        ) {
          throw refuse(`${cfield}.parentId`, "must answer an earlier comment on the same dispute of this round");
        }
      }
    });
  });
  const commentIds = rounds.flatMap((r) => r.comments.map((c) => c.id));
  if (new Set(commentIds).size !== commentIds.length) throw refuse("rounds", "two comments on rounds share an id");
  return rounds;
}
