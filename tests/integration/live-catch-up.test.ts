// A page reads the assessment, then opens its change stream. A change committed between the two (on
// this instance or another) must still reach it: the stream, told the version the page loaded,
// sends at once the notice of the latest change, without the edit, so the page reads afresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, type World } from "./harness";

let world: World;

beforeAll(async () => {
  world = await buildWorld();
});

afterAll(async () => {
  await world?.db.cleanup();
});

interface Notice {
  version: number;
  actorName: string;
  seq: number;
  edit?: unknown;
}

/** The stream's notices, one at a time; the value each yields is tRPC's tracked [id, data] pair. */
async function openStream(assessmentId: string, sinceVersion?: number) {
  const stream = (
    await world.viewer.caller.workspace.onChange(
      sinceVersion === undefined ? { assessmentId } : { assessmentId, sinceVersion },
    )
  )[Symbol.asyncIterator]();
  return {
    next: async (): Promise<Notice> => {
      const item = await stream.next();
      const [, data] = item.value as unknown as [string, Notice];
      return data;
    },
    close: () => stream.return?.(),
  };
}

const rename = async (version: number, title: string) =>
  world.analyst.caller.workspace.updateAssessment({ assessmentId: world.teamA.demoAssessmentId, version, title });

describe("a change stream opened after the page loaded", () => {
  it("sends at once what was committed since the version the page loaded, then the next edits as they come", async () => {
    const id = world.teamA.demoAssessmentId;
    const loaded = (await world.viewer.caller.assessments.get({ assessmentId: id })).state.version;
    const missed = await rename(loaded, "Changed before the stream opened");
    const stream = await openStream(id, loaded);
    const first = await stream.next();
    expect(first).toMatchObject({ version: missed.version, actorName: world.analyst.name, seq: missed.seq });
    expect(first.edit).toBeUndefined();
    const later = rename(missed.version, "Changed while the stream is open");
    const second = await stream.next();
    expect(second.version).toBe((await later).version);
    expect(second.edit).toBeDefined();
    await stream.close();
  });

  it("sends nothing at once to a page that is current", async () => {
    const id = world.teamA.demoAssessmentId;
    const loaded = (await world.viewer.caller.assessments.get({ assessmentId: id })).state.version;
    const stream = await openStream(id, loaded);
    const arrived = stream.next();
    const made = await rename(loaded, "The first thing this stream hears");
    const notice = await arrived;
    expect(notice.version).toBe(made.version);
    expect(notice.edit).toBeDefined();
    await stream.close();
  });

  it("refuses a version past the largest counter, naming it", async () => {
    await expect(openStream(world.teamA.demoAssessmentId, 2 ** 31)).rejects.toThrow(
      /sinceVersion is at most 2,147,483,647/,
    );
  });
});
