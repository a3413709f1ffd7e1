// Issue 11, finding 4: the Markdown brief of an assessment whose every text field is hostile —
// source addresses that try to close their link and open HTML or a second link, key questions and
// names that carry line breaks and pipes to forge table rows. No Markdown parser is installed, so
// the output is read structurally: no `<` at all, one line per construct, a fixed number of cells
// per table row, and exactly one link per linked evidence row whose destination is the stored URL.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import * as schema from "@/db/tables";
import { checkAssessmentAccess } from "@/server/access";
import { buildBrief } from "@/server/export/brief";
import { exportAssessment } from "@/server/export/json/export";
import { importAssessment } from "@/server/export/json/write-import";
import { renderMarkdown } from "@/server/export/markdown";
import { createCaller } from "@/server/root";
import { DomainError } from "@/shared/errors";
import { buildWorld, expectRefusal, newAssessmentInput, rowCounts, type World, write } from "./harness";

const HOSTILE_URLS = [
  "https://a.example/)<script>alert(1)</script>",
  "https://a.example/)[Official statement](https://phish.example/login)",
  'https://a.example/it\'s a "report" \\ with|pipes`and`[brackets]?q=(1)&amp;x=<b>#frag>',
] as const;

const KEY_QUESTION = [
  "Will the ceasefire hold?",
  "",
  "| Scenario | Probability | Estimative term | Change |",
  "|---|---:|---|---:|",
  "| Forged row | 99 % | almost certain | +99 pts |",
  "<img src=x onerror=alert(1)>",
].join("\n");

let world: World;
let assessmentId: string;
const evidence: { title: string; sourceUrl: string | null }[] = [];

/** Splits a table row into cells at unescaped pipes (a backslash escapes the next character). */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = "";
  for (let k = 0; k < row.length; k++) {
    const c = row[k] as string;
    if (c === "\\") {
      cell += c + (row[k + 1] ?? "");
      k++;
    } else if (c === "|") {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  out.push(cell);
  // A row opens and closes with a pipe: drop the empty ends.
  return out.slice(1, -1).map((c) => c.trim());
}

/** The inline links of a line: unescaped `[label](destination)`; the destination runs to the next `)`. */
function links(line: string): { label: string; destination: string }[] {
  const out: { label: string; destination: string }[] = [];
  let open = -1;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === "\\") {
      k++;
    } else if (c === "[") open = k;
    else if (c === "]" && open >= 0 && line[k + 1] === "(") {
      const end = line.indexOf(")", k + 2);
      out.push({ label: line.slice(open + 1, k), destination: line.slice(k + 2, end < 0 ? undefined : end) });
      open = -1;
      k = end < 0 ? line.length : end;
    }
  }
  return out;
}

/** Unescaped occurrences of `ch` in a line. */
function unescaped(line: string, ch: string): number {
  let n = 0;
  for (let k = 0; k < line.length; k++) {
    if (line[k] === "\\") k++;
    else if (line[k] === ch) n++;
  }
  return n;
}

beforeAll(async () => {
  world = await buildWorld();
  const db = getDb();
  // A name stored before names were checked, with a line break and markup in it.
  const hostileName = "Ana\n# Owned <b>bold</b> | cell";
  await write((tx) => tx.update(schema.user).set({ name: hostileName }).where(eq(schema.user.id, world.analyst.id)));
  const analyst = createCaller({ db, user: { id: world.analyst.id, email: world.analyst.email, name: hostileName } });
  const created = await analyst.assessments.create({
    ...newAssessmentInput(world.teamA.id),
    title: "Ceasefire\n# Injected heading <script>alert(1)</script>",
    keyQuestion: KEY_QUESTION,
    scenarios: [
      { name: "Holds | 99 % | almost certain | +99 pts |\n| Injected", prior: 0.6 },
      { name: "Collapses <i>", prior: 0.4 },
    ],
  });
  assessmentId = created.id;
  let version = (await analyst.assessments.get({ assessmentId })).state.version;
  await analyst.workspace.updateAssessment({ assessmentId, version, handling: "SECRET**\n<b>x</b>" });
  version += 1;
  const items: { title: string; sourceName: string; sourceUrl: string | null }[] = [
    ...HOSTILE_URLS.map((sourceUrl, k) => ({
      title: `E${k + 1} row | with | pipes\n| forged | row |`,
      sourceName: `Official statement](https://phish.example/login)[x ${k + 1}`,
      sourceUrl,
    })),
    { title: "E4 no address", sourceName: "<a href=javascript:alert(1)>click</a>", sourceUrl: null },
  ];
  for (const item of items) {
    await analyst.workspace.addEvidence({
      assessmentId,
      version,
      ...item,
      sourceKind: "official_statement",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-12",
      links: [],
    });
    version += 1;
    evidence.push({ title: item.title, sourceUrl: item.sourceUrl });
  }
}, 60_000);
afterAll(() => world?.db.cleanup());

describe("finding 4: Markdown export of hostile text", () => {
  it("finding 4: the Markdown brief holds no raw HTML and no forged line, table row or heading", async () => {
    const md = renderMarkdown(await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId)));
    // No `<` anywhere: there is no code block in a brief, so any `<` would be HTML to some renderer.
    expect(md).not.toContain("<");
    const lines = md.split("\n");
    // The key question stays on its own line, with its forged table inside it as text.
    const question = lines.filter((l) => l.startsWith("**Key question:**"));
    expect(question).toHaveLength(1);
    expect(question[0]).toContain("Forged row");
    // Headings: only the brief's own, and the title on one line.
    const headings = lines.filter((l) => l.startsWith("#"));
    expect(headings.map((h) => h.replace(/ .*/, ""))).toEqual(["#", "##", "##", "##", "##", "##", "##"]);
    expect(headings[0]).toContain("\\# Injected heading");
    // Tables: the scenario table (header, rule, 2 rows) and the evidence table (header, rule, 4 rows).
    const rows = lines.filter((l) => l.startsWith("|"));
    expect(rows).toHaveLength(4 + 6);
    for (const row of rows) expect(cells(row), row).toHaveLength(4);
    expect(lines.filter((l) => l.includes("Forged row"))).toEqual(question);
    // The marking, with its markup escaped, stays one line at the top and the bottom.
    expect(lines[0]).toBe("**SECRET\\*\\* &lt;b&gt;x&lt;/b&gt;**");
    // The author named with a line break stays inside the Authors line.
    const authors = lines.filter((l) => l.startsWith("**Authors:**"));
    expect(authors).toHaveLength(1);
    expect(authors[0]).toContain("Ana \\# Owned &lt;b&gt;bold&lt;/b&gt; \\| cell");
  });

  it("finding 4: each linked evidence row holds exactly one link, to the stored address", async () => {
    const md = renderMarkdown(await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId)));
    const rows = md.split("\n").filter((l) => /^\| \d{4}-\d{2}-\d{2} \|/.test(l));
    expect(rows).toHaveLength(evidence.length);
    for (const item of evidence) {
      const tag = item.title.slice(0, 2);
      const row = rows.find((r) => (cells(r)[1] ?? "").startsWith(tag));
      expect(row, tag).toBeDefined();
      const found = links(row ?? "");
      if (item.sourceUrl === null) {
        expect(found, row).toEqual([]);
        expect(unescaped(row ?? "", "[")).toBe(0);
        continue;
      }
      expect(found, row).toHaveLength(1);
      expect(unescaped(row ?? "", "[")).toBe(1);
      expect(unescaped(row ?? "", "]")).toBe(1);
      const destination = found[0]?.destination ?? "";
      // A destination that nothing can cut short: no space, quote, bracket, parenthesis or pipe.
      expect(destination).not.toMatch(/[\s()<>"'[\]|\\`]/);
      const parsed = new URL(destination);
      expect(parsed.protocol).toBe("https:");
      expect(parsed.host).toBe("a.example");
      // The same address as stored, only percent-encoded further.
      expect(decodeURIComponent(parsed.href.replace(/&amp;/g, "&"))).toBe(
        decodeURIComponent(new URL(item.sourceUrl).href),
      );
      expect(found[0]?.label).toContain("Official statement\\]");
    }
  });

  it("finding 4: the workspace refuses a source address that new URL() cannot read or that holds a control character", async () => {
    const state = await world.owner.caller.assessments.get({ assessmentId });
    for (const sourceUrl of [
      "https://exa mple.org/report",
      "https://a.example/x\ty",
      "javascript:alert(1)",
      "https://",
    ]) {
      const before = await rowCounts();
      const error = await expectRefusal(
        world.owner.caller.workspace.addEvidence({
          assessmentId,
          version: state.state.version,
          title: "Refused",
          sourceName: "Somewhere",
          sourceUrl,
          sourceKind: "media",
          reliability: "C",
          credibility: 3,
          observedAt: "2024-12-12",
          links: [],
        }),
        "BAD_REQUEST",
      );
      expect(Object.keys(error.fieldErrors ?? {}), sourceUrl).toEqual(["sourceUrl"]);
      expect(await rowCounts()).toEqual(before);
    }
  });

  it("finding 4: the import refuses a source address new URL() cannot read, naming the field", async () => {
    const doc = await exportAssessment(getDb(), world.owner.id, assessmentId);
    const item = doc.assessment.evidence[0];
    if (!item) throw new Error("no evidence");
    item.sourceUrl = "https://exa mple.org/report";
    const before = await rowCounts();
    let caught: unknown;
    try {
      await importAssessment(getDb(), world.owner, world.teamA.id, doc);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).field).toBe("assessment.evidence.0.sourceUrl");
    expect(await rowCounts()).toEqual(before);
  });
});
