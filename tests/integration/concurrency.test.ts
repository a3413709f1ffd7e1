// Concurrency (issue 7): three analysts save conflicting changes to one assessment, 1,000 saves in
// all, interleaved. Each client keeps the version it last saw and refreshes it only after a
// CONFLICT. Every save must be applied (version + 1) or refused with CONFLICT; every acknowledged
// save is in the log under its author; the version only goes up and counts the state changes;
// and the final state is the replay of the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATING_KEYS } from "@/shared/engine";
import {
  buildWorld,
  type Caller,
  clientError,
  createAccount,
  joinTeam,
  newAssessmentInput,
  type TestUser,
  type World,
} from "./harness";
import { changeOf, comparable, eventsOf, follow, replayEvents, tableState } from "./workspace-helpers";

const SAVES = 1_000;

let world: World;
let assessmentId: string;
let target: { scenario: string; otherScenario: string; indicator: string; otherIndicator: string };

interface Client {
  user: TestUser;
  /** The version this client last saw: what its next save is based on. */
  lastSeen: number;
}
let clients: Client[];

beforeAll(async () => {
  world = await buildWorld();
  const more = [
    await createAccount("analyst-2@example.org", "Bo Second"),
    await createAccount("analyst-3@example.org", "Cy Third"),
  ];
  for (const user of more) {
    await joinTeam(world.owner, world.teamA.id, user, "analyst");
  }
  const owner = world.owner.caller;
  const { id } = await owner.assessments.create({
    ...newAssessmentInput(world.teamA.id, "Contested"),
    scenarios: [
      { name: "Ceasefire holds", prior: 0.5 },
      { name: "Ceasefire collapses", prior: 0.3 },
      { name: "Frozen stalemate", prior: 0.2 },
    ],
  });
  assessmentId = id;
  let view = await owner.assessments.get({ assessmentId });
  const [s0, s1] = view.state.scenarios.map((s) => s.id) as [string, string];
  for (const name of ["Heavy weapons withdrawn", "Artillery duels reported"]) {
    view = follow(
      view,
      await owner.workspace.addIndicator({
        assessmentId,
        version: view.state.version,
        name,
        expectations: Object.fromEntries(view.state.scenarios.map((s) => [s.id, "could"])),
      }),
    );
  }
  const [i0, i1] = view.state.indicators.map((i) => i.id) as [string, string];
  target = { scenario: s0, otherScenario: s1, indicator: i0, otherIndicator: i1 };
  clients = [world.analyst, ...more].map((user) => ({ user, lastSeen: view.state.version }));
}, 60_000);
afterAll(() => world?.db.cleanup());

// ── The saves: all valid in any state, so only the version can stand in their way ──

/** A small seeded generator, so a failing interleaving can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The field a save sets and the value it sets it to, to check the last applied one wins. */
interface Save {
  n: number;
  field: "prior" | "weight" | "expectation" | "presence";
  value: number | string | null;
}

function makeSave(n: number, next: () => number): Save {
  const kind = Math.floor(next() * 4);
  if (kind === 0) return { n, field: "prior", value: Math.round((0.05 + next() * 4) * 1000) / 1000 };
  if (kind === 1) return { n, field: "weight", value: Math.round(next() * 100) / 100 };
  if (kind === 2)
    return { n, field: "expectation", value: RATING_KEYS[Math.floor(next() * RATING_KEYS.length)] ?? "could" };
  return { n, field: "presence", value: next() < 0.3 ? null : Math.round(next() * 100) / 100 };
}

function send(caller: Caller, version: number, save: Save) {
  const base = { assessmentId, version, rationale: `save-${save.n}` };
  switch (save.field) {
    case "prior":
      return caller.workspace.updateScenario({ ...base, scenarioId: target.scenario, prior: save.value as number });
    case "weight":
      return caller.workspace.updateIndicator({ ...base, indicatorId: target.indicator, weight: save.value as number });
    case "expectation":
      return caller.workspace.setExpectation({
        ...base,
        indicatorId: target.indicator,
        scenarioId: target.otherScenario,
        expectation: save.value as (typeof RATING_KEYS)[number],
      });
    case "presence":
      return caller.workspace.setPresence({
        ...base,
        indicatorId: target.otherIndicator,
        presence: save.value as number | null,
        ...(save.value === null ? {} : { overrideRationale: "Seen by our liaison officer" }),
      });
  }
}

/** Lets other pending calls run first, a random number of turns, so the order within a batch varies. */
async function jitter(next: () => number): Promise<void> {
  const turns = Math.floor(next() * 4);
  for (let i = 0; i < turns; i++) {
    if (next() < 0.2) await new Promise((resolve) => setImmediate(resolve));
    else await Promise.resolve();
  }
}

describe("clients saving conflicting changes to one assessment", () => {
  it("applies each save or refuses it with CONFLICT, loses none, and the log replays to the final state", async () => {
    const seed = Date.now() >>> 0;
    const next = random(seed);
    const start = (await tableState(assessmentId)).version;
    const applied: (Save & { client: Client; base: number; version: number; seq: number })[] = [];
    const conflicts: (Save & { client: Client; base: number })[] = [];
    const observed: number[] = [start];
    let n = 0;

    while (n < SAVES) {
      // A batch of 2–5 saves by randomly picked clients (the same one may save twice at once).
      const size = Math.min(SAVES - n, 2 + Math.floor(next() * 4));
      const batch = Array.from({ length: size }, () => ({
        client: clients[Math.floor(next() * clients.length)] as Client,
        save: makeSave(++n, next),
        wait: random(Math.floor(next() * 2 ** 32)),
      }));
      const reader = async () => {
        await jitter(next);
        observed.push((await world.viewer.caller.assessments.get({ assessmentId })).state.version);
      };
      await Promise.all([
        reader(),
        ...batch.map(async ({ client, save, wait }) => {
          await jitter(wait);
          const base = client.lastSeen;
          try {
            const answer = await send(client.user.caller, base, save);
            applied.push({ ...save, client, base, version: answer.version, seq: answer.seq });
            expect(answer.version, `save-${save.n} (seed ${seed})`).toBe(base + 1);
            client.lastSeen = answer.version;
          } catch (error) {
            const refused = clientError(error);
            expect(refused.code, `save-${save.n} (seed ${seed}): ${refused.message}`).toBe("CONFLICT");
            expect(refused.details?.currentVersion, `save-${save.n}`).toBeGreaterThan(base);
            conflicts.push({ ...save, client, base });
            // Only now does this client learn the current version.
            await jitter(wait);
            client.lastSeen = (await client.user.caller.assessments.get({ assessmentId })).state.version;
          }
        }),
      ]);
    }

    console.log(
      `concurrency: ${SAVES} saves by ${clients.length} analysts: ${applied.length} applied, ${conflicts.length} refused with CONFLICT (seed ${seed})`,
    );
    expect(applied.length + conflicts.length).toBe(SAVES);
    // Both outcomes happened often: the clients really raced each other.
    expect(applied.length).toBeGreaterThan(SAVES / 10);
    expect(conflicts.length).toBeGreaterThan(SAVES / 10);

    // The version only went up, one step per applied save, and no two saves got the same one.
    const final = await tableState(assessmentId);
    expect(final.version).toBe(start + applied.length);
    expect(applied.map((a) => a.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: applied.length }, (_, i) => start + 1 + i),
    );
    for (let i = 1; i < observed.length; i++) {
      expect(observed[i], `read ${i} (seed ${seed})`).toBeGreaterThanOrEqual(observed[i - 1] ?? 0);
    }

    // Every acknowledged save is in the log once, under its author, at its version and under the seq it
    // was answered with; no refused one is.
    const events = await eventsOf(assessmentId);
    const bySave = new Map(events.filter((e) => e.rationale?.startsWith("save-")).map((e) => [e.rationale, e]));
    expect(bySave.size).toBe(applied.length);
    for (const save of applied) {
      const event = bySave.get(`save-${save.n}`);
      expect(event, `save-${save.n} was acknowledged but is not in the log`).toBeDefined();
      expect(event?.actorId).toBe(save.client.user.id);
      expect(event?.actorName).toBe(save.client.user.name);
      expect((event?.payload as { version?: number } | undefined)?.version).toBe(save.version);
      expect(event?.seq, `save-${save.n} was answered with another event's seq`).toBe(save.seq);
    }
    for (const save of conflicts) expect(bySave.has(`save-${save.n}`), `save-${save.n}`).toBe(false);

    // The version counts the state-changing events, which carry versions 1, 2, 3… in log order.
    const changes = events.filter((e) => changeOf(e) !== undefined);
    expect(changes.length).toBe(final.version);
    expect(changes.map((e) => (e.payload as { version: number }).version)).toEqual(changes.map((_, i) => i + 1));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    // The last applied save of each field is what the assessment holds.
    const last = (field: Save["field"]) =>
      applied.filter((a) => a.field === field).sort((a, b) => b.version - a.version)[0]?.value;
    const scenario = final.scenarios.find((s) => s.id === target.scenario);
    const indicator = final.indicators.find((i) => i.id === target.indicator);
    const other = final.indicators.find((i) => i.id === target.otherIndicator);
    if (last("prior") !== undefined) expect(scenario?.prior).toBe(last("prior"));
    if (last("weight") !== undefined) expect(indicator?.weight).toBe(last("weight"));
    if (last("expectation") !== undefined)
      expect(indicator?.expectations[target.otherScenario]).toBe(last("expectation"));
    if (last("presence") !== undefined) expect(other?.presenceOverride).toBe(last("presence"));

    // The final state is the replay of the log.
    expect(comparable(replayEvents(events).state)).toEqual(comparable(final));
  }, 120_000);
});
