// Issue 11, finding 5: a crafted import stalled the server. Importing a document, replaying a long
// history to a moment, comparing moments and exporting a past brief must leave the event loop free
// for other requests. No timings here (the bench measures them): which of two requests is answered
// first, and whether the event loop turned meanwhile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/assessments/[id]/export/route";
import { POST as importRoute } from "@/app/api/assessments/import/route";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { healthGet } from "@/server/health";
import { compareAsOf, viewAsOf } from "@/server/history/moments";
import { heavyImportDocument } from "../bench/fixtures";
import { buildWorld, signInCookie, type World } from "./harness";

const BASE = "http://localhost:3000";
const SAME_SITE = { host: "localhost:3000", origin: BASE };

let world: World;
let cookie: string;

beforeAll(async () => {
  world = await buildWorld();
  cookie = await signInCookie(world.owner.email, world.owner.password);
});

afterAll(() => world?.db.cleanup());

interface Race<T> {
  value: T;
  /** Which settled first: the heavy call, or the health check sent once the heavy call was under way. */
  first: "heavy" | "health";
  /** Turns of the event loop (setImmediate callbacks) that ran before the heavy call settled. */
  turns: number;
}

/**
 * Starts `heavy` and, at the next turn of the event loop, a health check. Work done on the event
 * loop finishes before that turn comes; work done elsewhere lets the health check through first.
 */
async function raceHealth<T>(heavy: () => Promise<T>): Promise<Race<T>> {
  let settled = false;
  let turns = 0;
  let first: Race<T>["first"] | null = null;
  const spin = () => {
    if (settled) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const health = new Promise<void>((resolve) =>
    setImmediate(async () => {
      expect((await healthGet()).status).toBe(200);
      first ??= "health";
      resolve();
    }),
  );
  const value = await heavy().finally(() => {
    settled = true;
    first ??= "heavy";
  });
  await health;
  return { value, first: first ?? "heavy", turns };
}

describe("finding 5: heavy work leaves the event loop free", () => {
  const built = heavyImportDocument({ scenarios: 4, indicators: 150, events: 2_000, probabilities: true });
  const bytes = new TextEncoder().encode(JSON.stringify(built.document));
  let assessmentId = "";
  /** The time of the event halfway through the imported history, as the export's asOf takes it. */
  const midHistory = () => (built.document.events as { at: string }[])[Math.floor(built.events / 2)]?.at ?? "";

  it("imports a long history off the event loop: a health check sent once the upload is in is answered first", async () => {
    // The body arrives when the route asks for it, so the race starts exactly when the upload is in.
    let asked: () => void = () => {};
    const reading = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let upload: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          upload = controller;
        },
        pull: () => asked(),
      },
      { highWaterMark: 0 },
    );
    const request = new Request(`${BASE}/api/assessments/import?teamId=${world.teamA.id}`, {
      method: "POST",
      headers: { ...SAME_SITE, cookie, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const answered = importRoute(request);
    await reading;
    const race = await raceHealth(async () => {
      upload?.enqueue(bytes);
      upload?.close();
      return answered;
    });
    const created = (await race.value.json()) as { id: string; error?: unknown };
    expect(race.value.status, JSON.stringify(created)).toBe(201);
    assessmentId = created.id;
    expect(race.first).toBe("health");
    expect(race.turns).toBeGreaterThan(0);
  });

  it("replays a mid-history moment off the event loop, to the same view the main thread computes", async () => {
    expect(assessmentId, "the import above must have succeeded").not.toBe("");
    const moment = { seq: Math.floor(built.events / 2) };
    const race = await raceHealth(() => world.owner.caller.history.asOf({ assessmentId, moment }));
    expect(race.first).toBe("health");
    expect(race.turns).toBeGreaterThan(0);
    expect(race.value.moment.seq).toBe(moment.seq);
    expect(race.value).toEqual(
      await viewAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), moment),
    );
  });

  it("compares two moments off the event loop, to the same comparison the main thread computes", async () => {
    const from = { seq: Math.floor(built.events / 4) };
    const to = { seq: Math.floor((built.events * 3) / 4) };
    const race = await raceHealth(() => world.owner.caller.history.compare({ assessmentId, from, to }));
    expect(race.first).toBe("health");
    expect(race.turns).toBeGreaterThan(0);
    expect(race.value).toEqual(
      await compareAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), from, to),
    );
  });

  it("exports a brief as of a mid-history moment off the event loop", async () => {
    const exported = () =>
      exportRoute(
        new Request(`${BASE}/api/assessments/${assessmentId}/export?format=md&asOf=${midHistory()}`, {
          headers: { cookie },
        }),
        { params: Promise.resolve({ id: assessmentId }) },
      );
    // The first call resolves the session (the server remembers it for a while), so the race below
    // starts where the brief is built.
    expect((await exported()).status).toBe(200);
    const race = await raceHealth(exported);
    expect(race.value.status).toBe(200);
    expect(await race.value.text()).toContain("# Heavy import");
    expect(race.first).toBe("health");
    expect(race.turns).toBeGreaterThan(0);
  });

  it("answers a refusal found off the event loop the same way: a moment past the history is 400 naming it", async () => {
    const refused = await world.owner.caller.history
      .asOf({ assessmentId, moment: { seq: built.events + 1 } })
      .then(() => null)
      .catch((error: unknown) => error as { code?: string; message?: string });
    expect(refused?.code).toBe("BAD_REQUEST");
    expect(refused?.message).toBe(`There is no change number ${built.events + 1}: this assessment has ${built.events}`);
  });
});
