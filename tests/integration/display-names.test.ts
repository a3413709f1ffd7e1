// Issue 11, finding 3: the display name is text every member controls and every brief prints.
// Names are checked wherever an account is created or renamed (better-auth's own HTTP endpoints,
// called the way a browser calls them, with a session cookie), two people with one name are told
// apart in history, comments and briefs, and names stored before the check break no document.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportGet } from "@/app/api/assessments/[id]/export/route";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...all]/route";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { checkAssessmentAccess } from "@/server/access";
import { buildBrief } from "@/server/export/brief";
import { renderDocx } from "@/server/export/docx";
import type { ExportDocument } from "@/server/export/json/format";
import { importAssessment } from "@/server/export/json/write-import";
import { renderMarkdown } from "@/server/export/markdown";
import { renderPdf } from "@/server/export/pdf";
import { createCaller } from "@/server/root";
import { createContext } from "@/server/trpc";
import { DISPLAY_NAME_MAX, EXPORTED_NAME_MAX } from "@/shared/limits";
import {
  buildWorld,
  expectRefusal,
  newAssessmentInput,
  openTestDatabase,
  rowCounts,
  type TestUser,
  type World,
  write,
} from "./harness";
import { zipTexts } from "./zip-entries";

const BASE = "http://localhost:3000";

/** The cookies a browser would send: the Set-Cookie headers of a response, merged over earlier ones. */
function mergeCookies(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** POST to better-auth's route handler, same-origin, as the app's pages post. */
function authPostAs(path: string, body: unknown, jar?: Map<string, string>): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", origin: BASE };
  if (jar) headers.cookie = cookieHeader(jar);
  return authPost(new Request(`${BASE}/api/auth/${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
}

async function signIn(user: TestUser): Promise<Map<string, string>> {
  const jar = new Map<string, string>();
  const res = await authPostAs("sign-in/email", { email: user.email, password: user.password });
  expect(res.status).toBe(200);
  mergeCookies(jar, res);
  return jar;
}

/** A tRPC caller for whoever the cookies say, resolved the way the HTTP handler resolves it. */
async function callerOf(jar: Map<string, string>) {
  return createCaller(await createContext({ headers: new Headers({ cookie: cookieHeader(jar) }) }));
}

async function userRow(id: string) {
  return first(await getDb().select().from(schema.user).where(eq(schema.user.id, id)));
}

const unzip = zipTexts;

// XML 1.0's Char production: tab, LF, CR, and everything from U+0020 but surrogates, U+FFFE, U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Characters an XML 1.0 parser refuses outright (Word reports such a file as corrupt). */
function xmlProblems(name: string, xml: string): string[] {
  const bad = NOT_XML_CHAR.exec(xml);
  return bad ? [`${name}: U+${(bad[0].codePointAt(0) ?? 0).toString(16).padStart(4, "0")} at ${bad.index}`] : [];
}

describe("finding 3: names are checked where accounts are created and renamed", () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  }, 60_000);
  afterAll(() => world?.db.cleanup());

  it("finding 3: update-user refuses a control character, 121 characters, an empty name and 200,000 characters, naming the field; nothing changes", async () => {
    const jar = await signIn(world.viewer);
    const cases: [string, RegExp][] = [
      ["Victor\u000BViewer", /^name: A name cannot contain U\+000B/],
      ["Victor\nViewer", /^name: A name cannot contain U\+000A/],
      ["Olive\u202EOwner", /^name: A name cannot contain U\+202E/],
      ["x".repeat(DISPLAY_NAME_MAX + 1), /^name: A name is at most 120 characters \(this one has 121\): shorten it$/],
      ["   ", /^name: Enter your name/],
      ["y".repeat(200_000), /^name: A name is at most 120 characters/],
    ];
    for (const [name, message] of cases) {
      const res = await authPostAs("update-user", { name }, jar);
      expect(res.status, JSON.stringify(name.slice(0, 20))).toBe(400);
      const body = (await res.json()) as { message: string; field?: string };
      expect(body.message).toMatch(message);
      expect(body.field).toBe("name");
      // A refusal sets no cookie (a 200,000-character name once came back in 68 Set-Cookie headers).
      expect(res.headers.getSetCookie()).toEqual([]);
      expect((await userRow(world.viewer.id))?.name).toBe("Victor Viewer");
    }
  });

  it("finding 3: update-user refuses a profile image and an email change, and keeps the account as it was", async () => {
    const jar = await signIn(world.viewer);
    const image = await authPostAs("update-user", { image: `https://tracker.example/${"p".repeat(5000)}.png` }, jar);
    expect(image.status).toBe(400);
    expect(((await image.json()) as { message: string }).message).toBe(
      "image: Signpost has no profile pictures: leave `image` out",
    );
    const email = await authPostAs("update-user", { email: "owner@example.org" }, jar);
    expect(email.status).toBe(400);
    const row = await userRow(world.viewer.id);
    expect(row?.image).toBeNull();
    expect(row?.email).toBe(world.viewer.email);
  });

  it("finding 3: update-user takes a good name trimmed, and the session shows it", async () => {
    const jar = await signIn(world.analyst);
    const res = await authPostAs("update-user", { name: "  Ana  Analyst-Öztürk  " }, jar);
    expect(res.status).toBe(200);
    mergeCookies(jar, res);
    expect((await userRow(world.analyst.id))?.name).toBe("Ana  Analyst-Öztürk");
    const session = await authGet(
      new Request(`${BASE}/api/auth/get-session`, { headers: { cookie: cookieHeader(jar) } }),
    );
    expect(((await session.json()) as { user: { name: string } }).user.name).toBe("Ana  Analyst-Öztürk");
  });

  it("finding 3: an account made through an invitation link cannot take a bad name, and nothing is written", async () => {
    const { token } = await world.owner.caller.teams.invite({
      teamId: world.teamA.id,
      email: "new@example.org",
      role: "viewer",
    });
    for (const [name, message] of [
      ["New\u0007Person", /^A name cannot contain U\+0007/],
      ["z".repeat(121), /^A name is at most 120 characters/],
    ] as const) {
      const before = await rowCounts();
      const error = await expectRefusal(
        world.anonymous.teams.signUpWithInvitation({ token, name, password: "a long enough password" }),
        "BAD_REQUEST",
      );
      expect(error.fieldErrors?.name?.[0]).toMatch(message);
      expect(await rowCounts()).toEqual(before);
    }
  });
});

describe("finding 3: sign-up of the first account", () => {
  it("finding 3: sign-up refuses a bad name for the first account, naming the field, and creates nothing", async () => {
    const testDb = await openTestDatabase();
    try {
      for (const name of ["Ada\u000BLovelace", "", "a".repeat(121), "Ada\u2028Lovelace"]) {
        const res = await authPostAs("sign-up/email", {
          email: "ada@example.org",
          password: "correct horse battery staple",
          name,
        });
        expect(res.status, JSON.stringify(name.slice(0, 10))).toBe(400);
        expect(((await res.json()) as { message: string }).message).toMatch(/^name: /);
        expect((await rowCounts()).user).toBe(0);
      }
      const ok = await authPostAs("sign-up/email", {
        email: "ada@example.org",
        password: "correct horse battery staple",
        name: " Ada Lovelace ",
      });
      expect(ok.status).toBe(200);
      expect(first(await getDb().select().from(schema.user))?.name).toBe("Ada Lovelace");
    } finally {
      await testDb.cleanup();
    }
  });
});

describe("finding 3: two people with one name are told apart", () => {
  let world: World;
  let demoId: string;
  beforeAll(async () => {
    world = await buildWorld();
    demoId = world.teamA.demoAssessmentId;
  }, 60_000);
  afterAll(() => world?.db.cleanup());

  it("finding 3: a viewer who takes the owner's name is told apart in history, comments and the brief", async () => {
    // The viewer renames themself after the owner, through better-auth, and comments as "Olive Owner".
    const jar = await signIn(world.viewer);
    const renamed = await authPostAs("update-user", { name: "Olive Owner" }, jar);
    expect(renamed.status).toBe(200);
    mergeCookies(jar, renamed);
    const impostor = await callerOf(jar);
    await impostor.history.addComment({
      assessmentId: demoId,
      targetKind: "assessment",
      targetId: demoId,
      body: "Approved for release.",
    });
    await world.owner.caller.history.addComment({
      assessmentId: demoId,
      targetKind: "assessment",
      targetId: demoId,
      body: "Not yet: wait for the imagery.",
    });

    // History: each change names its account; the two "Olive Owner"s are namesakes with their emails.
    const { items } = await world.owner.caller.history.changes({ assessmentId: demoId, limit: 2 });
    expect(items.map((c) => [c.actor.name, c.actor.email, c.actor.namesake])).toEqual([
      ["Olive Owner", "owner@example.org", true],
      ["Olive Owner", "viewer@example.org", true],
    ]);
    // The people filter offers both, and each key selects only that person's changes.
    const facets = await world.owner.caller.history.facets({ assessmentId: demoId });
    const olives = facets.actors.filter((a) => a.name === "Olive Owner");
    expect(olives.map((a) => a.email)).toEqual(["owner@example.org", "viewer@example.org"]);
    const viewerKey = olives.find((a) => a.email === "viewer@example.org")?.key ?? "";
    const byViewer = await world.owner.caller.history.changes({ assessmentId: demoId, actors: [viewerKey], limit: 50 });
    expect(byViewer.items.map((c) => c.actor.email)).toEqual(["viewer@example.org"]);
    // Someone whose name nobody shares is shown by name only.
    const demoActor = facets.actors.find((a) => a.name === "Dana Whitfield");
    expect(demoActor).toMatchObject({ id: null, email: null, namesake: false });

    // Comments.
    const comments = (await world.analyst.caller.history.comments({ assessmentId: demoId })).filter(
      (c) => c.body === "Approved for release." || c.body === "Not yet: wait for the imagery.",
    );
    expect(comments.map((c) => [c.author.name, c.author.email, c.author.namesake])).toEqual([
      ["Olive Owner", "viewer@example.org", true],
      ["Olive Owner", "owner@example.org", true],
    ]);

    // The brief and its documents: each "Olive Owner" with the email that tells them apart.
    const brief = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, demoId));
    const olivesInBrief = brief.authors.filter((a) => a.name === "Olive Owner");
    expect(olivesInBrief.map((a) => a.email)).toEqual(["owner@example.org", "viewer@example.org"]);
    const md = renderMarkdown(brief);
    const authorsLine = md.split("\n").find((l) => l.startsWith("**Authors:**")) ?? "";
    expect(authorsLine).toContain("Olive Owner (owner@example.org)");
    expect(authorsLine).toContain("Olive Owner (viewer@example.org)");
    expect(authorsLine).toContain("Dana Whitfield,");
    const docx = unzip(await renderDocx(brief));
    const document = docx.get("word/document.xml") ?? "";
    expect(document).toContain("Olive Owner (owner@example.org), Olive Owner (viewer@example.org)");
    expect(docx.get("docProps/core.xml")).toContain("Olive Owner (viewer@example.org)");
    const pdf = path.join(world.db.dir, "namesakes.pdf");
    fs.writeFileSync(pdf, await renderPdf(brief));
    const author = execFileSync("pdfinfo", [pdf], { encoding: "utf8" })
      .split("\n")
      .find((l) => l.startsWith("Author:"));
    expect(author).toContain("Olive Owner (owner@example.org), Olive Owner (viewer@example.org)");
  });
});

describe("finding 3: names stored before the check break no document", () => {
  let world: World;
  let assessmentId: string;
  const longName = `Ana ${"L".repeat(200_000)}`;

  beforeAll(async () => {
    world = await buildWorld();
    // An installation before the fix: names written as better-auth once accepted them.
    const db = getDb();
    await write((tx) =>
      tx.update(schema.user).set({ name: "Ana\u000BAnalyst" }).where(eq(schema.user.id, world.analyst.id)),
    );
    await write((tx) => tx.update(schema.user).set({ name: longName }).where(eq(schema.user.id, world.viewer.id)));
    const analyst = createCaller({ db, user: { ...world.analyst, name: "Ana\u000BAnalyst" } });
    const viewer = createCaller({ db, user: { ...world.viewer, name: longName } });
    const created = await analyst.assessments.create({
      ...newAssessmentInput(world.teamA.id),
      // Any text may carry a control character: the title and key question too.
      title: "Ceasefire\u000B watch",
    });
    assessmentId = created.id;
    const state = await analyst.assessments.get({ assessmentId });
    await analyst.workspace.addEvidence({
      assessmentId,
      version: state.state.version,
      title: "Statement\u000C from the ministry",
      sourceName: "Ministry",
      sourceKind: "official_statement",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-12",
      links: [],
    });
    await viewer.history.addComment({ assessmentId, targetKind: "assessment", targetId: assessmentId, body: "Noted." });
  }, 60_000);
  afterAll(() => world?.db.cleanup());

  it("finding 3: a Word brief is valid XML after a name (and a title) with U+000B", async () => {
    const brief = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId));
    const parts = unzip(await renderDocx(brief));
    const problems = [...parts]
      .filter(([name]) => name.endsWith(".xml") || name.endsWith(".rels"))
      .flatMap(([name, xml]) => xmlProblems(name, xml));
    expect(problems).toEqual([]);
    const document = parts.get("word/document.xml") ?? "";
    expect(document).toContain("Ana Analyst");
    expect(document).toContain("Ceasefire  watch");
  });

  it("finding 3: a JSON export whose comment author has a 200,000-character name re-imports", async () => {
    const cookie = cookieHeader(await signIn(world.owner));
    const res = await exportGet(
      new Request(`${BASE}/api/assessments/${assessmentId}/export?format=json`, { headers: { cookie } }),
      { params: Promise.resolve({ id: assessmentId }) },
    );
    expect(res.status).toBe(200);
    const doc = (await res.json()) as ExportDocument;
    const names = [
      ...doc.events.map((e) => e.actorName),
      ...doc.comments.map((c) => c.authorName),
      ...doc.assessment.evidence.map((e) => e.authorName),
    ];
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(EXPORTED_NAME_MAX);
      expect(name).not.toMatch(/\p{Cc}/u);
    }
    expect(doc.comments[0]?.authorName).toMatch(/^Ana L+…$/);
    expect(doc.assessment.evidence[0]?.authorName).toBe("Ana Analyst");

    const imported = await importAssessment(getDb(), world.owner, world.teamA.id, doc);
    const comments = await world.owner.caller.history.comments({ assessmentId: imported.id });
    expect(comments[0]?.authorName).toBe(doc.comments[0]?.authorName);
  });
});
