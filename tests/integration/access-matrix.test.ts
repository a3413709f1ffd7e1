// Access control (issue 7): every procedure, and the export and import routes, against five
// callers (no session, a viewer, an analyst, an owner, a member of another team), each with a
// valid input built from team A's real ids. Then the sessions themselves: cookie attributes,
// foreign Origins refused, sign-in rate limited, passwords stored hashed.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/assessments/[id]/export/route";
import { POST as importRoute } from "@/app/api/assessments/import/route";
import { POST as trpcRoute } from "@/app/api/trpc/[trpc]/route";
import { getDb } from "@/db/connection";
import * as schema from "@/db/tables";
import { todayIso } from "@/server/assessments/assessments";
import { getAuth } from "@/server/auth";
import { exportAssessment } from "@/server/export/json/export";
import {
  buildWorld,
  type Caller,
  callProcedure,
  clientError,
  createAccount,
  forgetAuth,
  joinTeam,
  newAssessmentInput,
  procedureTypes,
  rowCounts,
  TEST_PASSWORD,
  type TestUser,
  type World,
} from "./harness";
import { editAt } from "./workspace-helpers";

let world: World;
/** Accounts in no team, which the member-management rows add to team A and then change or remove. */
const spares: TestUser[] = [];

const WHO = ["anonymous", "viewer", "analyst", "owner", "stranger"] as const;
type Who = (typeof WHO)[number];

function userOf(who: Who): TestUser | null {
  if (who === "anonymous") return null;
  return who === "stranger" ? world.ownerB : world[who];
}

function callerOf(who: Who): Caller {
  return userOf(who)?.caller ?? world.anonymous;
}

/** Owns the outside teams that invite the five callers (see outsideInvitation). */
let host: TestUser;
const outsideTeams: Partial<Record<"accept" | "decline" | "link", string>> = {};

beforeAll(async () => {
  world = await buildWorld();
  for (let i = 0; i < 10; i++) spares.push(await createAccount(`spare-${i}@example.org`, `Spare ${i}`));
  host = await createAccount("host@example.org", "Hal Host");
  for (const use of ["accept", "decline", "link"] as const) {
    outsideTeams[use] = (await host.caller.teams.create({ name: `Outside team (${use})` })).id;
  }
}, 60_000);
afterAll(() => world?.db.cleanup());

// ── Fixtures: a fresh assessment of team A per cell, so no cell depends on another ──

interface Fixture {
  id: string;
  version: number;
  scenarios: string[];
  indicators: string[];
  /** evidence[0] is linked to indicators[0] (present), evidence[1] to indicators[1] (absent). */
  evidence: string[];
}

async function fixture(): Promise<Fixture> {
  const owner = world.owner.caller;
  const { id } = await owner.assessments.create({
    ...newAssessmentInput(world.teamA.id, "Matrix fixture"),
    scenarios: [
      { name: "Ceasefire holds", prior: 0.5 },
      { name: "Ceasefire collapses", prior: 0.3 },
      { name: "Frozen stalemate", prior: 0.2 },
    ],
  });
  let view = await owner.assessments.get({ assessmentId: id });
  const scenarios = view.state.scenarios.map((s) => s.id);
  for (const name of ["Heavy weapons withdrawn", "Artillery duels reported"]) {
    view = await editAt(owner, view, "addIndicator", {
      name,
      expectations: Object.fromEntries(scenarios.map((s, i) => [s, i === 0 ? "likely" : "unlikely"])),
    });
  }
  const indicators = view.state.indicators.map((i) => i.id);
  for (const [k, indicatorId] of indicators.entries()) {
    view = await editAt(owner, view, "addEvidence", {
      title: `Fixture evidence ${k}`,
      sourceName: "Reuters",
      sourceKind: "media",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-10",
      links: [{ indicatorId, direction: k === 0 ? 1 : -1 }],
    });
  }
  return { id, version: view.state.version, scenarios, indicators, evidence: view.state.evidence.map((e) => e.id) };
}

async function resolvedFixture(): Promise<Fixture> {
  const f = await fixture();
  const view = await world.owner.caller.history.resolve({
    assessmentId: f.id,
    version: f.version,
    scenarioId: f.scenarios[0] ?? "",
    resolvedAt: todayIso(),
    note: "It held",
  });
  return { ...f, version: view.state.version };
}

/** A spare account made a viewer of team A by its owner, for the rows that manage members. */
async function spareMember(): Promise<string> {
  const spare = spares.pop();
  if (!spare) throw new Error("Out of spare accounts: add more in beforeAll");
  await joinTeam(world.owner, world.teamA.id, spare, "viewer");
  return spare.id;
}

/**
 * An invitation to `email` from a team no caller belongs to: the invitee rows answer with that
 * team, never with team A's ids. One team per use, since accepting makes the invitee a member.
 */
async function outsideInvitation(use: "accept" | "decline" | "link", email: string) {
  const teamId = outsideTeams[use];
  if (!teamId) throw new Error(`No outside team for ${use}`);
  return host.caller.teams.invite({ teamId, email, role: "analyst" });
}
async function outsideLink(email: string): Promise<string> {
  const teamId = outsideTeams.link;
  if (!teamId) throw new Error("No outside team for links");
  return (await host.caller.teams.invite({ teamId, email, role: "viewer" })).token;
}
/**
 * A round on a fresh fixture, Ana (analyst) and Olive (owner) taking part, opened by the caller when
 * they may open one (so the facilitator's rows answer for them) and by the owner otherwise.
 */
async function roundFixture(who: Who, stage: "open" | "submitted" | "closed" = "open") {
  const f = await fixture();
  const opener = who === "analyst" || who === "owner" ? callerOf(who) : world.owner.caller;
  const round = await opener.rounds.open({
    assessmentId: f.id,
    participantIds: [world.analyst.id, world.owner.id],
    question: "Rate the rows again",
  });
  const ids = { assessmentId: f.id, roundId: round.id };
  if (stage !== "open") {
    await world.analyst.caller.rounds.submit({
      ...ids,
      expectations: { [f.indicators[0] ?? ""]: { [f.scenarios[0] ?? ""]: 0.9 } },
    });
    await world.owner.caller.rounds.submit(ids);
  }
  if (stage === "closed") await world.owner.caller.rounds.close(ids);
  return { f, ids };
}

const emailOf = (who: Who) => userOf(who)?.email ?? "nobody@example.org";

// ── The rows: who may call each procedure, and a valid input for it ──────────

/**
 * public: anyone; self: any signed-in user, on their own data (no team or assessment id);
 * member: any member of the team; analyst: analysts and owners; owner: owners only.
 */
type Need = "public" | "self" | "member" | "analyst" | "owner";
interface Row {
  need: Need;
  input(who: Who): Promise<unknown>;
}

const demo = () => world.teamA.demoAssessmentId;
const teamA = () => world.teamA.id;
/** An edit of a fresh fixture at its current version. */
const edit = (need: Need, fields: (f: Fixture) => Record<string, unknown>): Row => ({
  need,
  input: async () => {
    const f = await fixture();
    return { assessmentId: f.id, version: f.version, ...fields(f) };
  },
});

/** A fixture in which `who` (or the owner, for a caller who may not edit) has just changed a weight. */
async function ownChange(who: Who): Promise<{ input: { assessmentId: string; version: number }; by: Caller }> {
  const f = await fixture();
  const by = who === "analyst" || who === "owner" ? callerOf(who) : world.owner.caller;
  const answer = await by.workspace.updateIndicator({
    assessmentId: f.id,
    version: f.version,
    indicatorId: f.indicators[0] ?? "",
    weight: 0.25,
  });
  return { input: { assessmentId: f.id, version: answer.version }, by };
}

const ROWS: Record<string, Row> = {
  "setup.status": { need: "public", input: async () => undefined },
  "teams.mine": { need: "self", input: async () => undefined },
  "teams.create": { need: "self", input: async (who) => ({ name: `Team of the ${who}` }) },
  "teams.setActive": { need: "member", input: async () => ({ teamId: teamA() }) },
  "teams.members": { need: "member", input: async () => ({ teamId: teamA() }) },
  // The same value it has: the row is about who may, not what changes.
  "teams.updateSettings": { need: "owner", input: async () => ({ teamId: teamA(), staleAfterDays: 14 }) },
  "teams.invite": {
    need: "owner",
    input: async (who) => ({ teamId: teamA(), email: `new-${who}@example.org`, role: "viewer" }),
  },
  "teams.invitations": { need: "owner", input: async () => ({ teamId: teamA() }) },
  "teams.revokeInvitation": {
    need: "owner",
    input: async (who) => {
      const { invitation } = await world.owner.caller.teams.invite({
        teamId: teamA(),
        email: `revoke-${who}@example.org`,
        role: "viewer",
      });
      return { teamId: teamA(), invitationId: invitation.id };
    },
  },
  // The invitee's own: each signed-in caller answers an invitation to their own address.
  "teams.myInvitations": { need: "self", input: async () => undefined },
  // Accepting takes the link's token, of an invitation to the caller's own address.
  "teams.acceptInvitation": {
    need: "self",
    input: async (who) => ({ token: (await outsideInvitation("accept", emailOf(who))).token }),
  },
  "teams.declineInvitation": {
    need: "self",
    input: async (who) => ({ invitationId: (await outsideInvitation("decline", emailOf(who))).invitation.id }),
  },
  // The link is the invitee's credential: whoever holds it, signed in or not, may use it.
  "teams.invitationByToken": {
    need: "public",
    input: async (who) => ({ token: await outsideLink(`link-${who}@example.org`) }),
  },
  "teams.signUpWithInvitation": {
    need: "public",
    input: async (who) => ({
      token: await outsideLink(`joiner-${who}@example.org`),
      name: `Joiner ${who}`,
      password: TEST_PASSWORD,
    }),
  },
  "teams.changeRole": {
    need: "owner",
    input: async () => ({ teamId: teamA(), userId: await spareMember(), role: "analyst" }),
  },
  "teams.removeMember": { need: "owner", input: async () => ({ teamId: teamA(), userId: await spareMember() }) },

  "assessments.list": { need: "member", input: async () => ({ teamId: teamA() }) },
  "assessments.get": { need: "member", input: async () => ({ assessmentId: demo() }) },
  "assessments.brief": { need: "member", input: async () => ({ assessmentId: demo(), asOf: { seq: 1 } }) },
  "assessments.create": { need: "analyst", input: async () => newAssessmentInput(teamA(), "Matrix create") },
  "assessments.createFromMatrix": {
    need: "analyst",
    input: async () => {
      const { teamId, title, keyQuestion, horizon, confidence, scenarios } = newAssessmentInput(
        teamA(),
        "From a matrix",
      );
      return {
        teamId,
        plan: {
          title,
          keyQuestion,
          horizon,
          confidence,
          scenarios,
          indicators: [{ name: "Troops leave", weight: 0.6, expectations: ["likely", "unlikely"] }],
        },
      };
    },
  },
  "assessments.setArchived": edit("analyst", () => ({ archived: true })),
  "assessments.originDismissals": { need: "member", input: async () => ({ assessmentId: demo() }) },
  "assessments.dismissOriginSuggestion": {
    need: "analyst",
    input: async () => {
      const f = await fixture();
      return { assessmentId: f.id, evidenceId: f.evidence[0], otherId: f.evidence[1] };
    },
  },

  "workspace.updateAssessment": edit("analyst", () => ({ title: "Renamed by the matrix" })),
  "workspace.addScenario": edit("analyst", () => ({ name: "Negotiated settlement", prior: 0.1 })),
  "workspace.updateScenario": edit("analyst", (f) => ({ scenarioId: f.scenarios[0], prior: 0.6 })),
  "workspace.moveScenario": edit("analyst", (f) => ({ scenarioId: f.scenarios[2], toIndex: 0 })),
  "workspace.setScenarioArchived": edit("analyst", (f) => ({ scenarioId: f.scenarios[2], archived: true })),
  "workspace.addIndicator": edit("analyst", (f) => ({
    name: "Reserve call-ups",
    expectations: Object.fromEntries(f.scenarios.map((s) => [s, "could"])),
  })),
  "workspace.updateIndicator": edit("analyst", (f) => ({ indicatorId: f.indicators[0], weight: 0.5 })),
  "workspace.setExpectation": edit("analyst", (f) => ({
    indicatorId: f.indicators[0],
    scenarioId: f.scenarios[1],
    expectation: "highly_likely",
  })),
  "workspace.setPresence": edit("analyst", (f) => ({
    indicatorId: f.indicators[0],
    presence: 0.8,
    overrideRationale: "Confirmed by our liaison officer",
  })),
  "workspace.moveIndicator": edit("analyst", (f) => ({ indicatorId: f.indicators[1], toIndex: 0 })),
  "workspace.reviewIndicator": edit("analyst", (f) => ({ indicatorId: f.indicators[0] })),
  "workspace.deleteIndicator": edit("analyst", (f) => ({ indicatorId: f.indicators[1] })),
  "workspace.addEvidence": edit("analyst", (f) => ({
    title: "Satellite images of the depot",
    sourceName: "Maxar",
    sourceKind: "imagery",
    reliability: "A",
    credibility: 2,
    observedAt: "2024-12-11",
    links: [{ indicatorId: f.indicators[0], direction: 1 }],
  })),
  "workspace.updateEvidence": edit("analyst", (f) => ({ evidenceId: f.evidence[0], reliability: "C" })),
  "workspace.linkEvidence": edit("analyst", (f) => ({
    evidenceId: f.evidence[0],
    indicatorId: f.indicators[1],
    direction: -1,
  })),
  "workspace.unlinkEvidence": edit("analyst", (f) => ({ evidenceId: f.evidence[0], indicatorId: f.indicators[0] })),
  "workspace.deleteEvidence": edit("analyst", (f) => ({ evidenceId: f.evidence[1] })),
  "workspace.setEvidenceOrigin": edit("analyst", (f) => ({ evidenceId: f.evidence[0], origin: "Maxar release" })),
  // Each caller reverts a change of their own: a member who may edit makes one first (the owner
  // makes it for the others, whose call must then be refused for who they are, not for lack of one).
  "workspace.undo": { need: "analyst", input: async (who) => (await ownChange(who)).input },
  "workspace.redo": {
    need: "analyst",
    input: async (who) => {
      const { input, by } = await ownChange(who);
      const undone = await by.workspace.undo(input);
      return { ...input, version: undone.version };
    },
  },
  "workspace.undoStatus": {
    need: "analyst",
    input: async (who) => ({ assessmentId: (await ownChange(who)).input.assessmentId }),
  },

  "history.changes": { need: "member", input: async () => ({ assessmentId: demo(), limit: 5 }) },
  "history.facets": { need: "member", input: async () => ({ assessmentId: demo() }) },
  "history.timeline": { need: "member", input: async () => ({ assessmentId: demo(), maxPoints: 50 }) },
  "history.asOf": { need: "member", input: async () => ({ assessmentId: demo(), moment: { seq: 1 } }) },
  "history.compare": { need: "member", input: async () => ({ assessmentId: demo(), from: { seq: 1 } }) },
  "history.baselines": { need: "member", input: async () => ({ assessmentId: demo() }) },
  "history.comments": { need: "member", input: async () => ({ assessmentId: demo() }) },
  "history.createBaseline": { need: "analyst", input: async () => ({ assessmentId: demo(), name: "Matrix brief" }) },
  "history.deleteBaseline": {
    need: "analyst",
    input: async () => {
      const f = await fixture();
      const baseline = await world.owner.caller.history.createBaseline({ assessmentId: f.id, name: "To delete" });
      return { assessmentId: f.id, baselineId: baseline.id };
    },
  },
  "history.addComment": {
    need: "member",
    input: async () => ({ assessmentId: demo(), targetKind: "assessment", targetId: demo(), body: "Agreed." }),
  },
  "history.editComment": {
    need: "member",
    // Only the author may edit: a member edits their own comment; others try the owner's.
    input: async (who) => {
      const author = who === "viewer" || who === "analyst" || who === "owner" ? callerOf(who) : world.owner.caller;
      const comment = await author.history.addComment({
        assessmentId: demo(),
        targetKind: "assessment",
        targetId: demo(),
        body: "First thought",
      });
      return { assessmentId: demo(), commentId: comment.id, body: "Second thought" };
    },
  },
  "history.resolve": edit("analyst", (f) => ({ scenarioId: f.scenarios[0], resolvedAt: todayIso(), note: "Held" })),
  "history.reopen": {
    need: "analyst",
    input: async () => {
      const f = await resolvedFixture();
      return { assessmentId: f.id, version: f.version };
    },
  },
  "history.score": {
    need: "member",
    input: async () => ({ assessmentId: (await resolvedFixture()).id }),
  },
  "history.calibration": { need: "member", input: async () => ({ teamId: teamA() }) },

  "rounds.list": { need: "member", input: async () => ({ assessmentId: demo() }) },
  "rounds.get": { need: "member", input: async (who) => (await roundFixture(who)).ids },
  "rounds.sharedMatrix": { need: "member", input: async () => ({ assessmentId: demo() }) },
  // Closed, so every member sees its values (privacy on an open round: tests/integration/rounds-detail.test.ts).
  "rounds.judgements": {
    need: "member",
    input: async (who) => {
      const { f, ids } = await roundFixture(who, "closed");
      return { ...ids, indicatorIds: [f.indicators[0]] };
    },
  },
  "rounds.mine": { need: "self", input: async () => undefined },
  "rounds.open": {
    need: "analyst",
    input: async () => ({
      assessmentId: (await fixture()).id,
      participantIds: [world.analyst.id, world.owner.id],
      question: "Rate the rows again",
    }),
  },
  "rounds.openNext": {
    need: "analyst",
    input: async (who) => {
      const { f, ids } = await roundFixture(who, "submitted");
      return { ...ids, cells: [{ indicatorId: f.indicators[0], scenarioId: f.scenarios[0] }], question: "Again" };
    },
  },
  // The participants' own rows: Ana and Olive take part; the viewer cannot.
  "rounds.saveDraft": {
    need: "analyst",
    input: async (who) => {
      const { f, ids } = await roundFixture(who);
      return { ...ids, weights: { [f.indicators[0] ?? ""]: 0.5 } };
    },
  },
  "rounds.submit": { need: "analyst", input: async (who) => (await roundFixture(who)).ids },
  "rounds.close": { need: "analyst", input: async (who) => (await roundFixture(who)).ids },
  "rounds.abandon": { need: "analyst", input: async (who) => (await roundFixture(who)).ids },
  "rounds.adopt": {
    need: "analyst",
    input: async (who) => {
      const { f, ids } = await roundFixture(who, "submitted");
      const { state } = await world.owner.caller.assessments.get({ assessmentId: f.id });
      return { ...ids, version: state.version, rationale: "The team agreed" };
    },
  },
  // Once closed, any member may discuss its disputes.
  "rounds.addComment": {
    need: "member",
    input: async (who) => {
      const { f, ids } = await roundFixture(who, "closed");
      return { ...ids, indicatorId: f.indicators[0], scenarioId: f.scenarios[0], body: "Why so high?" };
    },
  },
};

const RANK: Record<Exclude<Who, "anonymous" | "stranger">, number> = { viewer: 1, analyst: 2, owner: 3 };
const NEEDED: Record<"member" | "analyst" | "owner", number> = { member: 1, analyst: 2, owner: 3 };

/** What the caller should get: OK or the tRPC code. */
function expected(need: Need, who: Who): string {
  if (need === "public") return "OK";
  if (who === "anonymous") return "UNAUTHORIZED";
  if (need === "self") return "OK";
  if (who === "stranger") return "NOT_FOUND";
  return RANK[who] >= NEEDED[need] ? "OK" : "FORBIDDEN";
}

/** Every id of team A a stranger could be shown. */
async function teamAIds(): Promise<string[]> {
  const db = getDb();
  const assessments = (
    await db
      .select({ id: schema.assessments.id })
      .from(schema.assessments)
      .where(eq(schema.assessments.teamId, world.teamA.id))
  ).map((r) => r.id);
  return [world.teamA.id, world.owner.id, world.analyst.id, world.viewer.id, ...assessments];
}

describe("the procedure matrix", () => {
  const procedures = procedureTypes().filter(([, type]) => type !== "subscription");

  it("has a row for every query and mutation", () => {
    const missing = procedures.map(([path]) => path).filter((path) => !(path in ROWS));
    expect(missing, "add a row to ROWS for each new procedure").toEqual([]);
    const stale = Object.keys(ROWS).filter((path) => !procedures.some(([p]) => p === path));
    expect(stale, "rows for procedures that no longer exist").toEqual([]);
  });

  it("gives each caller exactly what their role allows, and a refused call writes nothing", async () => {
    const lines: string[] = [];
    const mismatches: string[] = [];
    for (const [path] of procedures) {
      const row = ROWS[path];
      if (!row) continue;
      const cells: string[] = [];
      for (const who of WHO) {
        const input = await row.input(who);
        const before = await rowCounts();
        let got = "OK";
        let detail = "";
        let result: unknown;
        try {
          result = await callProcedure(callerOf(who), path, input);
        } catch (error) {
          const client = clientError(error);
          got = client.code;
          detail = client.message;
        }
        const want = expected(row.need, who);
        let problem = got === want ? "" : `${path} as ${who}: expected ${want}, got ${got} ${detail}`.trim();
        if (!problem && got !== "OK" && JSON.stringify(await rowCounts()) !== JSON.stringify(before)) {
          problem = `${path} as ${who}: refused with ${got} but wrote rows`;
        }
        if (!problem && got === "OK" && who === "stranger") {
          // Procedures without a team or assessment id answer with the caller's own data only.
          const text = JSON.stringify(result) ?? "";
          const leaked = (await teamAIds()).filter((id) => text.includes(id));
          if (leaked.length) problem = `${path} as ${who}: returned team A's ids ${leaked.join(", ")}`;
        }
        if (problem) mismatches.push(problem);
        cells.push(`${problem ? "✗ " : ""}${got}`.padEnd(14));
      }
      lines.push(`${path.padEnd(30)} ${cells.join(" ")}`);
    }
    const table = [`${"procedure".padEnd(30)} ${WHO.map((w) => w.padEnd(14)).join(" ")}`, ...lines].join("\n");
    expect(mismatches, `\n${mismatches.join("\n")}\n\n${table}`).toEqual([]);
  }, 120_000);

  it("opens the live-change stream to members only", async () => {
    const outcomes: Record<string, string> = {};
    for (const who of WHO) {
      try {
        const stream = await callerOf(who).workspace.onChange({ assessmentId: demo() });
        await stream[Symbol.asyncIterator]().return?.();
        outcomes[who] = "OK";
      } catch (error) {
        outcomes[who] = clientError(error).code;
      }
    }
    expect(outcomes).toEqual({
      anonymous: "UNAUTHORIZED",
      viewer: "OK",
      analyst: "OK",
      owner: "OK",
      stranger: "NOT_FOUND",
    });
  });
});

// ── Sessions over HTTP ──────────────────────────────────────────────────────

const BASE = "http://localhost:3000";
const setCookies = new Map<string, string[]>();

/** Signs in through better-auth the way the sign-in form does; keeps the Set-Cookie headers. */
async function signIn(user: TestUser): Promise<string[]> {
  const known = setCookies.get(user.email);
  if (known) return known;
  const res = await getAuth().api.signInEmail({
    body: { email: user.email, password: user.password },
    asResponse: true,
  });
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie();
  setCookies.set(user.email, cookies);
  return cookies;
}

async function cookieOf(who: Who): Promise<Record<string, string>> {
  const user = userOf(who);
  if (!user) return {};
  const cookies = await signIn(user);
  return { cookie: cookies.map((c) => c.split(";")[0]).join("; ") };
}

function exportAs(assessmentId: string, headers: Record<string, string>): Promise<Response> {
  const req = new Request(`${BASE}/api/assessments/${assessmentId}/export?format=json`, { headers });
  return exportRoute(req, { params: Promise.resolve({ id: assessmentId }) });
}

function importAs(teamId: string, body: string, headers: Record<string, string>): Promise<Response> {
  return importRoute(
    new Request(`${BASE}/api/assessments/import?teamId=${teamId}`, {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost:3000", ...headers },
      body,
    }),
  );
}

describe("the export and import routes", () => {
  it("export: members get the file, a stranger 404, no session 401", async () => {
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      const res = await exportAs(demo(), await cookieOf(who));
      statuses[who] = res.status;
      if (res.status === 200) {
        const doc = (await res.json()) as { assessment: { id: string } };
        expect(doc.assessment.id).toBe(demo());
      }
    }
    expect(statuses).toEqual({ anonymous: 401, viewer: 200, analyst: 200, owner: 200, stranger: 404 });
  });

  it("import: analysts and owners create, a viewer 403, a stranger 404, no session 401", async () => {
    const file = JSON.stringify(await exportAssessment(getDb(), world.owner.id, demo()));
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      const before = await rowCounts();
      const res = await importAs(world.teamA.id, file, { ...(await cookieOf(who)), origin: BASE });
      statuses[who] = res.status;
      if (res.status === 201) {
        const created = (await res.json()) as { id: string };
        const list = await world.owner.caller.assessments.list({ teamId: world.teamA.id });
        expect(list.map((a) => a.id)).toContain(created.id);
      } else {
        expect(await rowCounts(), `${who} was refused but rows were written`).toEqual(before);
      }
    }
    expect(statuses).toEqual({ anonymous: 401, viewer: 403, analyst: 201, owner: 201, stranger: 404 });
  });

  it("refuses a POST from a foreign Origin with 403, with a valid session, and writes nothing", async () => {
    const file = JSON.stringify(await exportAssessment(getDb(), world.owner.id, demo()));
    const before = await rowCounts();
    const cookie = await cookieOf("owner");
    const imported = await importAs(world.teamA.id, file, { ...cookie, origin: "https://evil.example" });
    expect(imported.status).toBe(403);

    const trpc = (origin: string) =>
      trpcRoute(
        new Request(`${BASE}/api/trpc/teams.create`, {
          method: "POST",
          headers: { ...cookie, "content-type": "application/json", host: "localhost:3000", origin },
          body: JSON.stringify({ json: { name: "Created from elsewhere" } }),
        }),
      );
    expect((await trpc("https://evil.example")).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
    // The same call from the app's own origin goes through, so the 403 is about the Origin.
    expect((await trpc(BASE)).status).toBe(200);
    expect((await rowCounts()).teams).toBe(before.teams + 1);
  });
});

describe("sessions and passwords", () => {
  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const cookies = await signIn(world.viewer);
    const session = cookies.find((c) => /session_token=/.test(c));
    expect(session, cookies.join("\n")).toBeDefined();
    const attributes = (session ?? "")
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes.some((a) => a === "samesite=lax" || a === "samesite=strict")).toBe(true);
    expect(attributes).toContain("path=/");
  });

  it("marks the session cookie Secure when the app is served over HTTPS", async () => {
    process.env.SIGNPOST_URL = "https://signpost.example";
    forgetAuth();
    try {
      const res = await getAuth().api.signInEmail({
        body: { email: world.analyst.email, password: world.analyst.password },
        asResponse: true,
      });
      const session = res.headers.getSetCookie().find((c) => /session_token=/.test(c)) ?? "";
      expect(session).toMatch(/^__Secure-/);
      expect(session.split(";").map((a) => a.trim().toLowerCase())).toContain("secure");
    } finally {
      delete process.env.SIGNPOST_URL;
      forgetAuth();
    }
  });

  it("refuses a sign-in or sign-out posted from another site", async () => {
    const post = (path: string, headers: Record<string, string>, body: unknown) =>
      getAuth().handler(
        new Request(`${BASE}/api/auth/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.20", ...headers },
          body: JSON.stringify(body),
        }),
      );
    const credentials = { email: world.viewer.email, password: world.viewer.password };
    expect((await post("sign-in/email", { origin: "https://evil.example" }, credentials)).status).toBe(403);
    const navigation = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };
    expect((await post("sign-in/email", navigation, credentials)).status).toBe(403);
    const cookie = await cookieOf("viewer");
    expect((await post("sign-out", { ...cookie, origin: "https://evil.example" }, {})).status).toBe(403);
    // The same requests from the app's own pages go through.
    expect((await post("sign-in/email", { origin: BASE }, credentials)).status).toBe(200);
    expect((await post("sign-out", { ...cookie, origin: BASE }, {})).status).toBe(200);
  });

  it("stores passwords as hashes, never the password itself", async () => {
    const rows = await getDb()
      .select({ userId: schema.account.userId, password: schema.account.password })
      .from(schema.account);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row.password).toBeTruthy();
      expect(row.password).not.toContain(TEST_PASSWORD);
      // better-auth's scrypt format: hex salt and hex key, joined by a colon.
      expect(row.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    }
  });

  it("rate-limits sign-in: the 11th attempt within a minute from one address gets 429", async () => {
    expect(process.env.SIGNPOST_RATE_LIMIT).toBeUndefined();
    // better-auth counts per client address and path, in memory; this address is used nowhere else.
    // Each attempt names another account, so the per-account limit (finding 1) plays no part here.
    const attempt = (i: number) =>
      getAuth().handler(
        new Request(`${BASE}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7", origin: BASE },
          body: JSON.stringify({ email: `nobody-${i}@example.org`, password: "not the password at all" }),
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(i)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not held back by the first one's attempts.
    const other = await getAuth().handler(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.8", origin: BASE },
        body: JSON.stringify({ email: world.viewer.email, password: world.viewer.password }),
      }),
    );
    expect(other.status).toBe(200);
  });
});
