// The saves of tests/multi/run.ts and the checks on what came of them: the same four kinds of save as
// the single-process test (tests/integration/concurrency.test.ts), each valid in any state so only
// the version can stand in its way, sent over HTTP; and the rules every outcome, the event log and
// the final state must satisfy, each broken rule returned as a sentence.
import type { AssessmentState } from "@/shared/assessment/state";
import { RATING_KEYS } from "@/shared/engine";
import type { Session, TrpcRefusal } from "./http";
import type { EventRow } from "./store-check";

export interface Target {
  assessmentId: string;
  scenario: string;
  otherScenario: string;
  indicator: string;
  otherIndicator: string;
}

/** The field a save sets and the value it sets it to, to check the last applied one wins. */
export interface Save {
  n: number;
  field: "prior" | "weight" | "expectation" | "presence";
  value: number | string | null;
}

export interface SaveOutcome {
  save: Save;
  /** The analyst's name and the instance the save went to. */
  name: string;
  instance: string;
  base: number;
  applied?: { version: number; seq: number };
  refused?: { code: string; message: string; details: TrpcRefusal["details"] };
}

/** A small seeded generator, so a failing interleaving can be replayed from its seed (MULTI_SEED). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function makeSave(n: number, next: () => number): Save {
  const kind = Math.floor(next() * 4);
  if (kind === 0) return { n, field: "prior", value: Math.round((0.05 + next() * 4) * 1000) / 1000 };
  if (kind === 1) return { n, field: "weight", value: Math.round(next() * 100) / 100 };
  if (kind === 2)
    return { n, field: "expectation", value: RATING_KEYS[Math.floor(next() * RATING_KEYS.length)] ?? "could" };
  return { n, field: "presence", value: next() < 0.3 ? null : Math.round(next() * 100) / 100 };
}

export function send(session: Session, on: string, version: number, save: Save, target: Target) {
  const base = { assessmentId: target.assessmentId, version, rationale: `save-${save.n}` };
  const edit = (procedure: string, input: Record<string, unknown>) =>
    session.mutate<{ version: number; seq: number }>(on, `workspace.${procedure}`, { ...base, ...input });
  switch (save.field) {
    case "prior":
      return edit("updateScenario", { scenarioId: target.scenario, prior: save.value });
    case "weight":
      return edit("updateIndicator", { indicatorId: target.indicator, weight: save.value });
    case "expectation":
      return edit("setExpectation", {
        indicatorId: target.indicator,
        scenarioId: target.otherScenario,
        expectation: save.value,
      });
    case "presence":
      return edit("setPresence", {
        indicatorId: target.otherIndicator,
        presence: save.value,
        ...(save.value === null ? {} : { overrideRationale: "Seen by our liaison officer" }),
      });
  }
}

const CONFLICT_MESSAGE =
  /^(.+) changed this assessment since you loaded it \((.+); now version (\d+), yours was (\d+)\)\. Reload their change, then apply yours again\.$/;

type Payload = { version?: number; summary?: string; change?: unknown };

/** Every rule the outcomes, the log and the final state break, as sentences (none: all held). */
export function checkOutcome(input: {
  outcomes: SaveOutcome[];
  events: EventRow[];
  final: AssessmentState;
  start: number;
  target: Target;
  saves: number;
}): string[] {
  const { outcomes, events, final, start, target, saves } = input;
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  const payloadOf = (e: EventRow) => e.payload as Payload;
  const applied = outcomes.filter((o) => o.applied);
  const refused = outcomes.filter((o) => o.refused);
  if (outcomes.length !== saves || applied.length + refused.length !== saves) {
    fail(`${outcomes.length} outcomes for ${saves} saves (${applied.length} applied, ${refused.length} refused)`);
  }
  // Both outcomes happened often: the clients really raced each other.
  if (applied.length <= saves / 10) fail(`only ${applied.length} of ${saves} saves were applied`);
  if (refused.length <= saves / 10) fail(`only ${refused.length} of ${saves} saves were refused: no real race`);

  // The change each version came from, to check what a refusal names.
  const changeAt = new Map<number, EventRow>();
  for (const e of events) {
    const p = payloadOf(e);
    if (p.change !== undefined && typeof p.version === "number") changeAt.set(p.version, e);
  }
  for (const o of refused) {
    const r = o.refused;
    const what = `save-${o.save.n} (${o.name} on ${o.instance}, based on ${o.base})`;
    if (!r) continue;
    if (r.code !== "CONFLICT") {
      fail(`${what} was refused with ${r.code}, not CONFLICT: ${r.message}`);
      continue;
    }
    const current = r.details?.currentVersion ?? -1;
    if (!(current > o.base)) fail(`${what}: CONFLICT at version ${current}, not after its base`);
    const m = CONFLICT_MESSAGE.exec(r.message);
    if (!m) {
      fail(`${what}: the CONFLICT does not name who changed what: "${r.message}"`);
      continue;
    }
    const [, who, summary, now, yours] = m;
    if (Number(now) !== current || Number(yours) !== o.base) {
      fail(`${what}: the message says version ${now}, yours ${yours}; the details ${current}, the base ${o.base}`);
    }
    const event = changeAt.get(current);
    const p = event && payloadOf(event);
    if (!event || event.actorName !== who || p?.summary !== summary) {
      fail(
        `${what}: the CONFLICT names "${who}: ${summary}" at version ${current}; the log holds ` +
          (event ? `"${event.actorName}: ${p?.summary}"` : "no change at that version"),
      );
    }
    if (r.details?.changes?.[0]?.actor !== who) fail(`${what}: the details' latest change is not by ${who}`);
  }

  // The version only went up, one step per applied save, and no two saves got the same one.
  for (const o of applied) {
    if (o.applied?.version !== o.base + 1) {
      fail(`save-${o.save.n} was answered with version ${o.applied?.version}, based on ${o.base}`);
    }
  }
  if (final.version !== start + applied.length) {
    fail(`the final version is ${final.version}, not ${start} + ${applied.length} applied saves`);
  }
  const versions = applied.map((o) => o.applied?.version ?? 0).sort((x, y) => x - y);
  if (versions.some((v, i) => v !== start + 1 + i)) fail("two acknowledged saves share a version, or one is skipped");

  // Every acknowledged save is in the log once, under its author, at its version and seq; no refused one is.
  const bySave = new Map<string, EventRow[]>();
  for (const e of events) {
    if (e.rationale?.startsWith("save-")) bySave.set(e.rationale, [...(bySave.get(e.rationale) ?? []), e]);
  }
  for (const o of applied) {
    const found = bySave.get(`save-${o.save.n}`) ?? [];
    const e = found[0];
    if (found.length !== 1 || !e) {
      fail(`save-${o.save.n} was acknowledged and is in the log ${found.length} times`);
      continue;
    }
    if (e.actorName !== o.name) fail(`save-${o.save.n} is in the log under ${e.actorName}, not ${o.name}`);
    if (payloadOf(e).version !== o.applied?.version) fail(`save-${o.save.n} is in the log at another version`);
    if (e.seq !== o.applied?.seq)
      fail(`save-${o.save.n} was answered with seq ${o.applied?.seq}, the log has ${e.seq}`);
  }
  for (const o of refused) if (bySave.has(`save-${o.save.n}`)) fail(`refused save-${o.save.n} is in the log`);

  // The seqs are 1..n without gaps; the state changes carry versions 1, 2, 3… in log order.
  if (events.some((e, i) => e.seq !== i + 1)) fail("the event seqs are not 1..n without gaps");
  const changes = events.filter((e) => payloadOf(e).change !== undefined);
  if (changes.length !== final.version) fail(`${changes.length} state changes in the log, version ${final.version}`);
  if (changes.some((e, i) => payloadOf(e).version !== i + 1))
    fail("the changes' versions are not 1, 2, 3… in seq order");

  // No lost update: the last applied save of each field is what the assessment holds.
  const last = (field: Save["field"]) =>
    applied
      .filter((o) => o.save.field === field)
      .sort((x, y) => (y.applied?.version ?? 0) - (x.applied?.version ?? 0))[0]?.save.value;
  const scenario = final.scenarios.find((s) => s.id === target.scenario);
  const indicator = final.indicators.find((i) => i.id === target.indicator);
  const other = final.indicators.find((i) => i.id === target.otherIndicator);
  const held: [Save["field"], unknown][] = [
    ["prior", scenario?.prior],
    ["weight", indicator?.weight],
    ["expectation", indicator?.expectations[target.otherScenario]],
    ["presence", other?.presenceOverride],
  ];
  for (const [field, value] of held) {
    const wanted = last(field);
    if (wanted !== undefined && value !== wanted) {
      fail(`lost update: the last applied ${field} was ${String(wanted)}, the assessment holds ${String(value)}`);
    }
  }
  return problems;
}
