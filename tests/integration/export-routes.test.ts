// The export and import routes (issue 6) called as Next would call them, with a real session
// cookie: statuses, content types and file names, every bad request refused with the right
// status and the field at fault, and an import that either creates the assessment or writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/assessments/[id]/export/route";
import { POST } from "@/app/api/assessments/import/route";
import { getDb } from "@/db/connection";
import { getAuth } from "@/server/auth";
import { exportAssessment } from "@/server/export/json/export";
import { buildWorld, rowCounts, type TestUser, type World } from "./harness";
import { eventsOf } from "./workspace-helpers";

let world: World;
let demoId: string;
const cookies = new Map<string, string>();

/** Signs in through better-auth and keeps the session cookie, the way a browser would. */
async function cookieOf(user: TestUser): Promise<string> {
  const known = cookies.get(user.email);
  if (known) return known;
  const res = await getAuth().api.signInEmail({
    body: { email: user.email, password: user.password },
    asResponse: true,
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).toMatch(/session_token=/);
  cookies.set(user.email, cookie);
  return cookie;
}

async function exportAs(user: TestUser | null, assessmentId: string, query: string): Promise<Response> {
  const headers: Record<string, string> = user ? { cookie: await cookieOf(user) } : {};
  const req = new Request(`http://127.0.0.1/api/assessments/${assessmentId}/export?${query}`, { headers });
  return GET(req, { params: Promise.resolve({ id: assessmentId }) });
}

async function importAs(
  user: TestUser | null,
  teamId: string | null,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  // From the app's own page, as a browser sends it.
  const all: Record<string, string> = {
    "content-type": "application/json",
    host: "127.0.0.1",
    origin: "http://127.0.0.1",
    ...headers,
  };
  if (user) all.cookie = await cookieOf(user);
  const url = `http://127.0.0.1/api/assessments/import${teamId === null ? "" : `?teamId=${teamId}`}`;
  return POST(new Request(url, { method: "POST", headers: all, body }));
}

async function errorOf(res: Response): Promise<{ message: string; field?: string }> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { message: string; field?: string } };
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

beforeAll(async () => {
  world = await buildWorld();
  demoId = world.teamA.demoAssessmentId;
}, 60_000);
afterAll(() => world?.db.cleanup());

describe("GET /api/assessments/{id}/export", () => {
  it("asks for a session", async () => {
    const res = await exportAs(null, demoId, "format=md");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/Sign in/);
  });

  it("answers 404 for another team's assessment and for an unknown id", async () => {
    const foreign = await exportAs(world.owner, world.teamB.assessmentId, "format=md");
    expect(foreign.status).toBe(404);
    expect((await errorOf(foreign)).field).toBe("assessmentId");
    expect((await exportAs(world.owner, "no-such-assessment", "format=json")).status).toBe(404);
  });

  it("refuses an unknown format or table, a malformed asOf and a moment before the assessment", async () => {
    const cases: [string, string][] = [
      ["format=xls", "format"],
      ["", "format"],
      ["format=csv", "table"],
      ["format=csv&table=scenarios", "table"],
      ["format=md&asOf=yesterday", "asOf"],
      ["format=md&asOf=2024-13-45T99:00:00Z", "asOf"],
      ["format=md&asOf=2000-01-01T00:00:00Z", "asOf"],
      ["format=md&asOf=2999-01-01T00:00:00Z", "asOf"],
    ];
    for (const [query, field] of cases) {
      const res = await exportAs(world.owner, demoId, query);
      expect(res.status, query).toBe(400);
      expect((await errorOf(res)).field, query).toBe(field);
    }
    const before = await exportAs(world.owner, demoId, "format=md&asOf=2000-01-01T00:00:00Z");
    expect((await errorOf(before)).message).toMatch(/did not exist yet/);
    const baseline = await exportAs(world.owner, demoId, "format=md&baseline=no-such-baseline");
    expect(baseline.status).toBe(404);
    expect((await errorOf(baseline)).field).toBe("baselineId");
  });

  it("sends the Markdown brief as an attachment named after the as-of date and the title", async () => {
    const events = await eventsOf(demoId);
    const last = events[events.length - 1];
    if (!last) throw new Error("The demo has no events");
    const res = await exportAs(world.owner, demoId, "format=md");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${day(last.at.getTime())}-russian-military-posture-in-syria.md"`,
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).toContain("# Russian military posture in Syria");
    expect(text).toContain("| Scenario | Probability | Estimative term |");
  });

  it("briefs an earlier moment with asOf, and names the file after that day", async () => {
    const events = await eventsOf(demoId);
    const first = events[0];
    if (!first) throw new Error("The demo has no events");
    // Just after the creation: only the first change counts.
    const asOf = new Date(first.at.getTime() + 1000).toISOString();
    const res = await exportAs(world.owner, demoId, `format=md&asOf=${encodeURIComponent(asOf)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`filename="${day(first.at.getTime())}-russian-`);
    const text = await res.text();
    expect(text).toMatch(/\*\*Assessment as of:\*\* .* \(change 1 of \d+\)/);
  });

  it("briefs as of a baseline", async () => {
    const baselines = await world.owner.caller.history.baselines({ assessmentId: demoId });
    const baseline = baselines[0];
    if (!baseline) throw new Error("The demo has no baseline");
    const res = await exportAs(world.owner, demoId, `format=md&baseline=${baseline.id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`(change ${baseline.eventSeq} of `);
    expect(text).toContain(`Baseline: “${baseline.name}”`);
  });

  it("measures from the baseline named by compareTo=, and reads the older baseline= of saved links the same", async () => {
    const baselines = await world.owner.caller.history.baselines({ assessmentId: demoId });
    const baseline = baselines[0];
    if (!baseline) throw new Error("The demo has no baseline");
    const events = await eventsOf(demoId);
    const latest = events.length;
    const now = await exportAs(world.owner, demoId, `format=md&compareTo=${baseline.id}`);
    expect(now.status).toBe(200);
    const nowText = await now.text();
    expect(nowText).toContain(`(change ${latest} of ${latest})`);
    expect(nowText).toContain(`Baseline: “${baseline.name}”`);

    // With a moment named, the new name and the old one give the same file.
    const at = encodeURIComponent(new Date(events[latest - 1]?.at ?? 0).toISOString());
    const renamed = await exportAs(world.owner, demoId, `format=md&at=${at}&compareTo=${baseline.id}`);
    const saved = await exportAs(world.owner, demoId, `format=md&asOf=${at}&baseline=${baseline.id}`);
    expect(renamed.status).toBe(200);
    expect(saved.status).toBe(200);
    const renamedText = await renamed.text();
    expect(renamedText).toContain(`Baseline: “${baseline.name}”`);
    expect(await saved.text()).toBe(renamedText);

    // A moment by change number, as the workspace names one.
    const first = await exportAs(world.owner, demoId, "format=md&seq=1");
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`(change 1 of ${latest})`);
  });

  it("refuses a malformed or doubly named moment and an unknown compareTo, naming the parameter", async () => {
    const cases: [string, number, string][] = [
      ["format=md&seq=x", 400, "seq"],
      ["format=md&seq=0", 400, "seq"],
      ["format=md&seq=2&at=2024-12-12T08:00:00Z", 400, "at"],
      ["format=md&at=yesterday", 400, "at"],
      ["format=md&compareTo=b1&baseline=b2", 400, "baseline"],
      ["format=md&compareTo=no-such-baseline", 404, "baselineId"],
    ];
    for (const [query, status, field] of cases) {
      const res = await exportAs(world.owner, demoId, query);
      expect(res.status, query).toBe(status);
      const error = await errorOf(res);
      expect(error.field, query).toBe(field);
      if (status === 400) expect(error.message, query).toContain(`${field}=`);
    }
  });

  it("sends JSON and both CSV tables with their content types", async () => {
    const json = await exportAs(world.owner, demoId, "format=json");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("content-disposition")).toMatch(/filename="\d{4}-\d{2}-\d{2}-russian-[a-z-]+\.json"$/);
    const doc = (await json.json()) as { formatVersion: number; assessment: { id: string } };
    expect(doc.formatVersion).toBe(1);
    expect(doc.assessment.id).toBe(demoId);

    for (const table of ["matrix", "evidence"]) {
      const res = await exportAs(world.owner, demoId, `format=csv&table=${table}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(
        new RegExp(`filename="\\d{4}-\\d{2}-\\d{2}-russian-military-posture-in-syria\\.${table}\\.csv"$`),
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
  });

  it("lets a viewer export", async () => {
    const res = await exportAs(world.viewer, demoId, "format=md");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("## Bottom line up front");
  });
});

describe("POST /api/assessments/import", () => {
  let file: string;

  beforeAll(async () => {
    file = JSON.stringify(await exportAssessment(getDb(), world.owner.id, demoId));
  });

  it("asks for a session and writes nothing", async () => {
    const before = await rowCounts();
    const res = await importAs(null, world.teamA.id, file);
    expect(res.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a foreign Origin (403) before anything else", async () => {
    const before = await rowCounts();
    const res = await importAs(world.analyst, world.teamA.id, file, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/another site/);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a body that is not JSON with 415, naming the file", async () => {
    const res = await importAs(world.analyst, world.teamA.id, "not json at all", { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).field).toBe("file");
  });

  it("refuses a declared size over 20 MB with 413, without reading the body", async () => {
    const before = await rowCounts();
    const res = await importAs(world.analyst, world.teamA.id, "{}", { "content-length": String(25 * 1024 * 1024) });
    expect(res.status).toBe(413);
    const error = await errorOf(res);
    expect(error.field).toBe("file");
    expect(error.message).toMatch(/20 MB/);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a bad file with 400 and the field at fault", async () => {
    const before = await rowCounts();
    const future = await importAs(
      world.analyst,
      world.teamA.id,
      JSON.stringify({ ...JSON.parse(file), formatVersion: 9 }),
    );
    expect(future.status).toBe(400);
    expect((await errorOf(future)).field).toBe("formatVersion");

    const dangling = JSON.parse(file) as { baselines: { eventSeq: number }[] };
    const baseline = dangling.baselines[0];
    if (!baseline) throw new Error("The demo has no baseline");
    baseline.eventSeq = 10_000;
    const res = await importAs(world.analyst, world.teamA.id, JSON.stringify(dangling));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe("baselines[0].eventSeq");

    const noTeam = await importAs(world.analyst, null, file);
    expect(noTeam.status).toBe(400);
    expect((await errorOf(noTeam)).field).toBe("teamId");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a viewer (403) and another team (404)", async () => {
    const before = await rowCounts();
    const viewer = await importAs(world.viewer, world.teamA.id, file);
    expect(viewer.status).toBe(403);
    const foreign = await importAs(world.analyst, world.teamB.id, file);
    expect(foreign.status).toBe(404);
    expect((await errorOf(foreign)).field).toBe("teamId");
    expect(await rowCounts()).toEqual(before);
  });

  it("creates the assessment (201) from a same-origin request, and it exports like the original", async () => {
    const before = await rowCounts();
    const res = await importAs(world.analyst, world.teamA.id, file, {
      origin: "http://127.0.0.1",
      host: "127.0.0.1",
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; title: string };
    expect(created.title).toBe("Russian military posture in Syria");
    expect(created.id).not.toBe(demoId);
    expect((await rowCounts()).assessments).toBe(before.assessments + 1);

    const original = await (await exportAs(world.owner, demoId, "format=md")).text();
    const copy = await (await exportAs(world.viewer, created.id, "format=md")).text();
    expect(copy).toBe(original);
  });
});
