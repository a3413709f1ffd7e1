// Bad input: every refusal names the field and says what to do, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "@/server/assessments/assessments";
import {
  anonymousCaller,
  buildWorld,
  type ClientError,
  expectRefusal,
  newAssessmentInput,
  rowCounts,
  type TestUser,
  type World,
} from "./harness";

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.db.cleanup());

type CreateInput = ReturnType<typeof newAssessmentInput>;

/** Calls assessments.create as the analyst; asserts BAD_REQUEST and that no row and no list entry appeared. */
async function refuseCreate(input: unknown, who: TestUser = world.analyst): Promise<ClientError> {
  const counts = await rowCounts();
  const listed = await who.caller.assessments.list({ teamId: world.teamA.id, includeArchived: true });
  const error = await expectRefusal(who.caller.assessments.create(input as CreateInput), "BAD_REQUEST");
  expect(await rowCounts()).toEqual(counts);
  expect(await who.caller.assessments.list({ teamId: world.teamA.id, includeArchived: true })).toEqual(listed);
  return error;
}

const withScenarios = (scenarios: unknown[]) => ({ ...newAssessmentInput(world.teamA.id), scenarios });

describe("creating an assessment", () => {
  it("refuses an empty or blank title", async () => {
    for (const title of ["", "   "]) {
      const error = await refuseCreate({ ...newAssessmentInput(world.teamA.id), title });
      expect(error.fieldErrors).toEqual({ title: ["Give the assessment a title"] });
      expect(error.message).toBe("title: Give the assessment a title");
    }
  });

  it("refuses a 201-character title and accepts 200", async () => {
    const error = await refuseCreate({ ...newAssessmentInput(world.teamA.id), title: "T".repeat(201) });
    expect(error.fieldErrors).toEqual({ title: ["A title is at most 200 characters"] });
    const ok = await world.analyst.caller.assessments.create(newAssessmentInput(world.teamA.id, "T".repeat(200)));
    const view = await world.analyst.caller.assessments.get({ assessmentId: ok.id });
    expect(view.state.title).toHaveLength(200);
  });

  it("refuses a horizon in the past", async () => {
    const yesterday = todayIso(new Date(Date.now() - 86_400_000));
    for (const horizon of ["2020-01-01", yesterday]) {
      const error = await refuseCreate({ ...newAssessmentInput(world.teamA.id), horizon });
      expect(error.fieldErrors).toEqual({ horizon: ["The horizon is in the past: pick a date from today on"] });
      expect(error.message).toBe("The horizon is in the past: pick a date from today on");
    }
  });

  it("refuses a malformed or impossible horizon", async () => {
    const cases: [string, string][] = [
      ["2025-13-45", "That date does not exist"],
      ["2099-02-30", "That date does not exist"],
      ["31/12/2099", "Give a date as YYYY-MM-DD"],
      ["", "Give a date as YYYY-MM-DD"],
    ];
    for (const [horizon, message] of cases) {
      const error = await refuseCreate({ ...newAssessmentInput(world.teamA.id), horizon });
      expect(error.fieldErrors, horizon).toEqual({ horizon: [message] });
    }
  });

  it("refuses fewer than two scenarios", async () => {
    for (const scenarios of [[], [{ name: "Only one", prior: 1 }]]) {
      const error = await refuseCreate(withScenarios(scenarios));
      expect(error.fieldErrors).toEqual({ scenarios: ["Define at least two scenarios"] });
      expect(error.message).toBe("scenarios: Define at least two scenarios");
    }
  });

  it("refuses a prior of 0, a negative prior and a prior given as text", async () => {
    const cases: [unknown, string][] = [
      [0, "A prior must be greater than 0"],
      [-0.2, "A prior must be greater than 0"],
      ["abc", "A prior must be a number greater than 0"],
      ["0.5", "A prior must be a number greater than 0"],
      [null, "A prior must be a number greater than 0"],
    ];
    for (const [prior, message] of cases) {
      const error = await refuseCreate(
        withScenarios([
          { name: "Holds", prior: 0.5 },
          { name: "Collapses", prior },
        ]),
      );
      expect(error.fieldErrors, String(prior)).toEqual({ "scenarios.1.prior": [message] });
      expect(error.message).toBe(`scenarios.1.prior: ${message}`);
    }
  });

  it("refuses two scenarios with the same name, ignoring case and spaces", async () => {
    const error = await refuseCreate(
      withScenarios([
        { name: "Ceasefire holds", prior: 0.5 },
        { name: "Collapse", prior: 0.3 },
        { name: "  ceasefire HOLDS ", prior: 0.2 },
      ]),
    );
    expect(error.fieldErrors).toEqual({
      "scenarios.2.name": ["Two scenarios are named 'ceasefire HOLDS': give each a distinct name"],
    });
  });

  it("refuses an unknown confidence and a blank key question, naming each field", async () => {
    const error = await refuseCreate({
      ...newAssessmentInput(world.teamA.id),
      confidence: "certain",
      keyQuestion: " ",
    });
    expect(error.fieldErrors).toEqual({
      keyQuestion: ["State the key question the assessment answers"],
      confidence: ["Confidence is low, moderate or high"],
    });
  });
});

describe("inviting a person", () => {
  it("refuses a malformed email, and nothing is written", async () => {
    for (const email of ["not-an-email", "a@b", "", "two@@example.org"]) {
      const counts = await rowCounts();
      const error = await expectRefusal(
        world.owner.caller.teams.invite({ teamId: world.teamA.id, email, role: "viewer" }),
        "BAD_REQUEST",
      );
      expect(error.fieldErrors, email).toEqual({ email: ["Enter an email address such as name@example.org"] });
      expect(await rowCounts()).toEqual(counts);
    }
  });

  it("refuses an account through a link without a proper name or password, and creates no account", async () => {
    const controlIn = (codePoint: string) =>
      `A name cannot contain ${codePoint}, an invisible control or format character: type the name again on one line without it`;
    const { token } = await world.owner.caller.teams.invite({
      teamId: world.teamA.id,
      email: "nameless@example.org",
      role: "viewer",
    });
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      // The one display-name rule of shared/display-name.ts (finding 3).
      [{ name: "" }, { name: ["Enter your name as colleagues will see it on changes, comments and briefs"] }],
      [{ name: "   " }, { name: ["Enter your name as colleagues will see it on changes, comments and briefs"] }],
      [{ name: "N".repeat(121) }, { name: ["A name is at most 120 characters (this one has 121): shorten it"] }],
      [{ name: "Tab\tName" }, { name: [controlIn("U+0009")] }],
      [{ name: "Vertical\u000Btab" }, { name: [controlIn("U+000B")] }],
      [{ password: "too short" }, { password: ["Use at least 10 characters"] }],
      [{ password: "p".repeat(129) }, { password: ["A password is at most 128 characters"] }],
    ];
    for (const [fields, fieldErrors] of cases) {
      const counts = await rowCounts();
      const error = await expectRefusal(
        anonymousCaller().teams.signUpWithInvitation({
          token,
          name: "Nadia Nameless",
          password: "long enough password",
          ...fields,
        } as { token: string; name: string; password: string }),
        "BAD_REQUEST",
      );
      expect(error.fieldErrors, JSON.stringify(fields)).toEqual(fieldErrors);
      expect(await rowCounts()).toEqual(counts);
    }
  });

  it("refuses an unknown role", async () => {
    const counts = await rowCounts();
    const error = await expectRefusal(
      world.owner.caller.teams.invite({
        teamId: world.teamA.id,
        email: world.ownerB.email,
        role: "admin" as "viewer",
      }),
      "BAD_REQUEST",
    );
    expect(error.fieldErrors).toEqual({ role: ["Role must be owner, analyst or viewer"] });
    expect(await rowCounts()).toEqual(counts);
  });
});

describe("teams", () => {
  it("refuses a blank or over-long team name and out-of-range settings", async () => {
    const counts = await rowCounts();
    const blank = await expectRefusal(world.analyst.caller.teams.create({ name: "  " }), "BAD_REQUEST");
    expect(blank.fieldErrors).toEqual({ name: ["Give the team a name"] });
    const long = await expectRefusal(world.analyst.caller.teams.create({ name: "N".repeat(121) }), "BAD_REQUEST");
    expect(long.fieldErrors).toEqual({ name: ["A team name is at most 120 characters"] });
    const cases: [number, string][] = [
      [0, "At least 1 day"],
      [366, "At most 365 days"],
      [2.5, "Use a whole number of days"],
    ];
    for (const [staleAfterDays, message] of cases) {
      const error = await expectRefusal(
        world.owner.caller.teams.updateSettings({ teamId: world.teamA.id, staleAfterDays }),
        "BAD_REQUEST",
      );
      expect(error.fieldErrors).toEqual({ staleAfterDays: [message] });
    }
    expect(await rowCounts()).toEqual(counts);
    expect((await world.owner.caller.teams.mine()).teams[0]?.staleAfterDays).toBe(14);
  });
});

describe("a stale version", () => {
  it("is refused with CONFLICT naming who changed what, and nothing is overwritten", async () => {
    const { id } = await world.analyst.caller.assessments.create(newAssessmentInput(world.teamA.id, "Contested"));
    // The owner archives first, from version 1.
    await world.owner.caller.assessments.setArchived({ assessmentId: id, version: 1, archived: true });
    const counts = await rowCounts();

    // The analyst, still on version 1, tries to archive (and then to restore) from it.
    for (const archived of [true, false]) {
      const error = await expectRefusal(
        world.analyst.caller.assessments.setArchived({ assessmentId: id, version: 1, archived }),
        "CONFLICT",
      );
      expect(error.message).toBe(
        "Olive Owner changed this assessment since you loaded it (Archived the assessment; now version 2, yours was 1). Reload their change, then apply yours again.",
      );
      expect(error.fieldErrors).toEqual({ version: [error.message] });
      expect(error.details).toMatchObject({
        currentVersion: 2,
        changes: [{ actor: "Olive Owner", summary: "Archived the assessment" }],
      });
    }
    expect(await rowCounts()).toEqual(counts);
    const state = (await world.analyst.caller.assessments.get({ assessmentId: id })).state;
    expect(state.status).toBe("archived");
    expect(state.version).toBe(2);
  });

  it("refuses a version that is not a positive whole number", async () => {
    for (const version of [0, 1.5, -1]) {
      const error = await expectRefusal(
        world.analyst.caller.assessments.setArchived({
          assessmentId: world.teamA.demoAssessmentId,
          version,
          archived: true,
        }),
        "BAD_REQUEST",
      );
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(["version"]);
    }
  });
});
