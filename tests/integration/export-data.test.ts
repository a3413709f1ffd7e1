// Exports by content (issue 6): the Markdown brief holds the scenario table and the bottom line,
// the BLUF keeps likelihood and confidence apart in every ICD 203 band, the CSVs survive an
// RFC 4180 parser and neutralise formulas, and JSON export → import → export gives the same
// document, while a bad file is refused by field with nothing written.

import { count } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { checkAssessmentAccess } from "@/server/access";
import { lastSeq } from "@/server/assessments/replay";
import { bottomLineSentence, buildBrief } from "@/server/export/brief";
import { csvDocument, csvField, evidenceCsv, matrixCsv } from "@/server/export/csv";
import { exportAssessment } from "@/server/export/json/export";
import type { ExportDocument } from "@/server/export/json/format";
import { importAssessment } from "@/server/export/json/write-import";
import { renderMarkdown } from "@/server/export/markdown";
import { momentView } from "@/server/history/compare";
import { ICD203_BANDS, leadingScenarioId } from "@/shared/engine";
import { DomainError } from "@/shared/errors";
import { formatPercent as percent } from "@/shared/format";
import { buildWorld, type RowCounts, rowCounts, type World } from "./harness";
import { editAt } from "./workspace-helpers";

let world: World;
let demoId: string;

beforeAll(async () => {
  world = await buildWorld();
  demoId = world.teamA.demoAssessmentId;
}, 60_000);
afterAll(() => world?.db.cleanup());

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Missing ${what}`);
  return value;
}

// ── A small RFC 4180 reader, independent of server/export/csv.ts ────────────

/** Fields may be quoted; a quoted field holds commas, CR, LF and "" for a quote. Rows end in CRLF (or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let k = 0;
  let quoted = false;
  while (k < text.length) {
    const c = text[k] as string;
    if (quoted) {
      if (c === '"' && text[k + 1] === '"') {
        field += '"';
        k += 2;
      } else if (c === '"') {
        quoted = false;
        k += 1;
      } else {
        field += c;
        k += 1;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      k += 1;
    } else if (c === ",") {
      row.push(field);
      field = "";
      k += 1;
    } else if (c === "\r" && text[k + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      k += 2;
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      k += 1;
    } else {
      if (c === '"') throw new Error(`A bare quote inside an unquoted field at ${k}`);
      field += c;
      k += 1;
    }
  }
  if (quoted) throw new Error("The text ends inside a quoted field");
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const BOM = "\uFEFF";

function withoutBom(text: string): string {
  expect(text.startsWith(BOM), "a UTF-8 BOM first, for Excel").toBe(true);
  return text.slice(1);
}

// ── The brief in Markdown ───────────────────────────────────────────────────

describe("Markdown brief", () => {
  it("holds the scenario table (header and every row with the engine's figures) and the BLUF sentences", async () => {
    const db = getDb();
    const baselines = await world.owner.caller.history.baselines({ assessmentId: demoId });
    const baseline = must(baselines.at(-1), "the demo's baseline");
    const brief = await buildBrief(await checkAssessmentAccess(db, world.owner.id, demoId));
    const md = renderMarkdown(brief);

    // The figures, read through other paths than the brief: the workspace view and the as-of view.
    const now = await world.owner.caller.assessments.get({ assessmentId: demoId });
    const then = await world.owner.caller.history.asOf({ assessmentId: demoId, moment: { baselineId: baseline.id } });
    const active = now.state.scenarios.filter((s) => !s.archived);
    expect(active).toHaveLength(3);

    expect(md).toContain(
      `| Scenario | Probability | Estimative term | Change since “${baseline.name}” |\n|---|---:|---|---:|\n`,
    );
    for (const s of active) {
      const p = must(now.result.probabilities[s.id], s.name);
      const before = must(then.result.probabilities[s.id], `${s.name} at the baseline`);
      const points = Math.round((p - before) * 100);
      const change = points === 0 ? "±0 pts" : `${points > 0 ? "+" : "−"}${Math.abs(points)} pts`;
      const band = must(
        ICD203_BANDS.find(
          (b) => (b.lowerInclusive ? p >= b.lower : p > b.lower) && (b.upperInclusive ? p <= b.upper : p < b.upper),
        ),
        "band",
      );
      // The leader is marked beside its term (issue 13): the demo's leader reads "roughly even chance".
      const leading = leadingScenarioId(now.result.probabilities) === s.id ? " **(leading)**" : "";
      expect(md).toContain(`| ${s.name} | ${percent(p)} | ${band.term}${leading} | ${change} |`);
    }

    // One BLUF sentence per leading scenario, the first for the most probable, as list items.
    const ranked = [...active].sort(
      (a, b) => (now.result.probabilities[b.id] ?? 0) - (now.result.probabilities[a.id] ?? 0),
    );
    const top = must(ranked[0], "leading scenario");
    const topSentence = bottomLineSentence(
      top.name,
      must(now.result.probabilities[top.id], "p"),
      now.state.confidence,
      true,
    );
    expect(topSentence).toContain(", the leading scenario)");
    expect(topSentence).toContain(`with ${now.state.confidence} confidence.`);
    expect(brief.bottomLine[0]).toBe(topSentence);
    expect(md).toContain("## Bottom line up front\n\n");
    for (const sentence of brief.bottomLine) expect(md).toContain(`- ${sentence}\n`);
    expect(md).toMatch(/^\*\*UNCLASSIFIED \/\/ FOR TRAINING\*\*\n/);
    expect(md.trimEnd().endsWith("**UNCLASSIFIED // FOR TRAINING**")).toBe(true);
  });
});

// ── Bottom line in ICD 203 words ─────────────────────────────────────────────

describe("bottomLineSentence", () => {
  it("reads naturally in each ICD 203 band", () => {
    expect(bottomLineSentence("Full exit", 0.02, "low")).toBe(
      // One precision on a page (issue 13): whole percent, no decimal below 10 %.
      "We assess that there is almost no chance of full exit (2 %), with low confidence.",
    );
    expect(bottomLineSentence("Full exit", 0.12, "low")).toBe(
      "We assess that full exit is very unlikely (12 %), with low confidence.",
    );
    expect(bottomLineSentence("Partial consolidation", 0.3, "moderate")).toBe(
      "We assess that partial consolidation is unlikely (30 %), with moderate confidence.",
    );
    expect(bottomLineSentence("Partial consolidation", 0.5, "low")).toBe(
      "We assess that there is a roughly even chance of partial consolidation (50 %), with low confidence.",
    );
    expect(bottomLineSentence("Negotiated retention", 0.62, "moderate")).toBe(
      "We assess that negotiated retention is likely (62 %), with moderate confidence.",
    );
    expect(bottomLineSentence("Negotiated retention", 0.85, "high")).toBe(
      "We assess that negotiated retention is very likely (85 %), with high confidence.",
    );
    expect(bottomLineSentence("Negotiated retention", 0.97, "high")).toBe(
      "We assess that negotiated retention is almost certain (97 %), with high confidence.",
    );
    // An acronym keeps its capitals.
    expect(bottomLineSentence("HTS deal", 0.62, "low")).toBe(
      "We assess that HTS deal is likely (62 %), with low confidence.",
    );
    // The leader says so beside its figure, so "unlikely" on the leader is not misread (issue 13).
    expect(bottomLineSentence("Partial consolidation", 0.43, "moderate", true)).toBe(
      "We assess that partial consolidation is unlikely (43 %, the leading scenario), with moderate confidence.",
    );
    // A figure at a band edge stays in the band of its term: never "20 %" beside "very unlikely".
    expect(bottomLineSentence("Negotiated retention", 0.195, "moderate")).toBe(
      "We assess that negotiated retention is very unlikely (19.5 %), with moderate confidence.",
    );
  });

  it("never puts a confidence word in the likelihood phrase, nor a likelihood term in the confidence phrase", () => {
    const terms = ICD203_BANDS.map((b) => b.term);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("low", "moderate", "high"),
        (p, confidence) => {
          const sentence = bottomLineSentence("Ceasefire holds", p, confidence);
          const match = /^We assess that (.+) \(([<>]?\d+(?:\.\d)? %)\), with (\w+) confidence\.$/.exec(sentence);
          expect(match, sentence).not.toBeNull();
          const [, likelihood = "", , said = ""] = match ?? [];
          expect(likelihood).not.toMatch(/\b(low|moderate|high|confiden\w*)\b/);
          expect(terms.filter((t) => likelihood.includes(t)).length).toBeGreaterThan(0);
          expect(said).toBe(confidence);
          for (const t of terms) expect(said).not.toContain(t);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ── CSV ─────────────────────────────────────────────────────────────────────

describe("CSV", () => {
  it("round-trips a table with quotes, commas, CR/LF and spaces through an RFC 4180 parser", () => {
    const table = [
      ["plain", "with, comma", 'a "quoted" word', "two\r\nlines", "lf\nonly"],
      ["", " padded ", 3.25, 0, '""'],
      ["ünïcödé — ok", "tab\tinside", "trailing,", "x", "y"],
    ];
    const text = csvDocument(table);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(withoutBom(text))).toEqual(table.map((row) => row.map(String)));
  });

  it("neutralises every formula trigger with a leading apostrophe, and quotes where RFC 4180 needs it", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      const value = `${start}SUM(A1:A9)`;
      const [parsed] = parseCsv(`${csvField(value)}\r\n`);
      expect(parsed, JSON.stringify(value)).toEqual([`'${value}`]);
    }
    // Numbers are data, not formulas: a negative weight stays a number.
    expect(csvField(-0.5)).toBe("-0.5");
    expect(csvField("safe")).toBe("safe");
  });

  it("CSV full-width formula starts: ＝ ＋ － ＠, their small forms, line breaks and a sign after leading spaces are neutralised", () => {
    const starts = [
      "\uFF1D", // ＝ full-width equals sign
      "\uFF0B", // ＋
      "\uFF0D", // －
      "\uFF20", // ＠
      "\uFE66", // ﹦ small equals sign
      "\uFE62", // ﹢
      "\uFE63", // ﹣
      "\uFE6B", // ﹫
      "\n", // a line feed, like the CR and tab already neutralised
      " =", // a spreadsheet that trims leading spaces on import still sees a formula
      "\u3000\uFF1D", // an ideographic space, then ＝
      "\u00A0+",
      "\u200B=", // an invisible zero-width space first
    ];
    for (const start of starts) {
      const value = `${start}HYPERLINK("https://evil.example","click")`;
      const [parsed] = parseCsv(`${csvField(value)}\r\n`);
      expect(parsed, JSON.stringify(start)).toEqual([`'${value}`]);
    }
    // Text that only contains a sign later, or starts with a full-width letter, is left alone.
    for (const safe of ["Ｓafe", "a=b", "Price: -3", "  padded", "\uFF08note\uFF09"]) {
      expect(parseCsv(`${csvField(safe)}\r\n`)[0], safe).toEqual([safe]);
    }
  });

  it("exports the evidence list and the indicator matrix of the demo, injected cells neutralised", async () => {
    const db = getDb();
    const analyst = world.analyst.caller;
    let view = await analyst.assessments.get({ assessmentId: demoId });
    const firstIndicator = must(view.state.indicators[0], "an indicator");
    view = await editAt(analyst, view, "addIndicator", {
      name: "+1 battalion at Tartus",
      description: "",
      weight: 0.5,
      expectations: Object.fromEntries(view.state.scenarios.map((s) => [s.id, "could" as const])),
    });
    view = await editAt(analyst, view, "addEvidence", {
      title: '=HYPERLINK("http://x")',
      summary: '-2+3, said the "source"\non two lines',
      sourceName: "@channel",
      sourceKind: "media",
      reliability: "E",
      credibility: 5,
      observedAt: "2024-12-13",
      links: [{ indicatorId: firstIndicator.id, direction: 1 }],
    });
    const moment = await momentView(await checkAssessmentAccess(db, world.owner.id, demoId), await lastSeq(db, demoId));

    const evidence = parseCsv(withoutBom(evidenceCsv(moment.state)));
    const [header, ...rows] = evidence;
    expect(header).toEqual([
      "Title",
      "Summary",
      "Source",
      "Source URL",
      "Kind",
      "Grade",
      "Grade meaning",
      "Observed",
      "Recorded (UTC)",
      "Author",
      "Links",
      "Origin",
    ]);
    expect(rows).toHaveLength(moment.state.evidence.length);
    rows.forEach((row, k) => {
      const item = must(moment.state.evidence[k], `evidence ${k}`);
      // Issue 17 added the origin (DESIGN §2.3) as a twelfth column.
      expect(row).toHaveLength(12);
      expect(row[11]).toBe(item.origin ?? "");
      expect(row[0]?.replace(/^'(?=[=+\-@])/, "")).toBe(item.title);
      expect(row[5]).toBe(`${item.reliability}${item.credibility}`);
      expect(row[7]).toBe(item.observedAt);
    });
    // The demo's Maxar release: three imagery items and Kofman's reading of them.
    expect(rows.filter((r) => r[11] === "Maxar imagery release, 13 Dec 2024")).toHaveLength(4);
    const injected = must(
      rows.find((r) => r[0]?.includes("HYPERLINK")),
      "the injected row",
    );
    expect(injected[0]).toBe(`'=HYPERLINK("http://x")`);
    expect(injected[1]).toBe(`'-2+3, said the "source"\non two lines`);
    expect(injected[2]).toBe("'@channel");
    expect(injected[10]).toBe(`present: ${firstIndicator.name}`);

    const matrix = parseCsv(withoutBom(matrixCsv(moment.state, moment.result)));
    const active = moment.state.scenarios.filter((s) => !s.archived);
    expect(matrix[0]).toEqual([
      "Indicator",
      "Description",
      ...active.map((s) => `${s.name}: likelihood if true`),
      "Weight",
      "Presence",
      "Presence source",
      "Diagnosticity (bits)",
      "Evidence items",
      "Independent reports",
    ]);
    expect(matrix.slice(1).map((r) => r[0])).toEqual(
      moment.state.indicators.map((i) => (/^[=+\-@]/.test(i.name) ? `'${i.name}` : i.name)),
    );
    const added = must(
      matrix.find((r) => r[0]?.includes("battalion")),
      "the added indicator's row",
    );
    expect(added[0]).toBe("'+1 battalion at Tartus");
    const presenceColumn = 2 + active.length + 1;
    for (const [k, i] of moment.state.indicators.entries()) {
      const row = must(matrix[k + 1], `matrix row ${k}`);
      expect(Number(row[presenceColumn])).toBeCloseTo(must(moment.result.presence[i.id], "presence"), 4);
    }
  });
});

// ── JSON export and import ──────────────────────────────────────────────────

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The document with everything an installation assigns replaced: ids become `#1`, `#2`… in order
 * of first appearance (items first, in their array order, then whatever the history names),
 * team, user ids and the export time dropped. Object keys that are ids are renamed too.
 */
function normalised(doc: ExportDocument): unknown {
  const names = new Map<string, string>();
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, `#${names.size + 1}`);
    return must(names.get(id), id);
  };
  const a = doc.assessment;
  for (const id of [
    a.id,
    ...a.scenarios.map((s) => s.id),
    ...a.indicators.map((i) => i.id),
    ...a.evidence.map((e) => e.id),
    ...doc.baselines.map((b) => b.id),
    ...doc.comments.map((c) => c.id),
  ])
    name(id);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return ID.test(value) ? name(value) : value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") {
      const entries = Object.entries(value).map(([k, v]) => [
        ID.test(k) ? name(k) : k,
        k === "authorId" || k === "actorId" ? null : walk(v),
      ]);
      return Object.fromEntries(entries.sort(([x], [y]) => String(x).localeCompare(String(y))));
    }
    return value;
  };
  const { exportedAt: _exportedAt, ...rest } = doc;
  return walk({ ...rest, assessment: { ...a, teamId: "<team>" } });
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function extraCounts() {
  const db = getDb();
  return {
    baselines: first(await db.select({ n: count() }).from(schema.baselines))?.n ?? 0,
    comments: first(await db.select({ n: count() }).from(schema.comments))?.n ?? 0,
    checkpoints: first(await db.select({ n: count() }).from(schema.checkpoints))?.n ?? 0,
  };
}

async function expectRefused(doc: unknown, field: string | RegExp, message?: RegExp): Promise<DomainError> {
  const before: RowCounts & Awaited<ReturnType<typeof extraCounts>> = {
    ...(await rowCounts()),
    ...(await extraCounts()),
  };
  let caught: unknown;
  try {
    await importAssessment(getDb(), world.analyst, world.teamA.id, doc);
  } catch (error) {
    caught = error;
  }
  expect(caught, "the import should have been refused").toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect(error.code).toBe("BAD_REQUEST");
  if (typeof field === "string") expect(error.field).toBe(field);
  else expect(error.field).toMatch(field);
  expect(error.message.startsWith(`${error.field}:`), error.message).toBe(true);
  if (message) expect(error.message).toMatch(message);
  expect({ ...(await rowCounts()), ...(await extraCounts()) }).toEqual(before);
  return error;
}

describe("JSON export and import", () => {
  let original: ExportDocument;

  beforeAll(async () => {
    const owner = world.owner.caller;
    const view = await owner.assessments.get({ assessmentId: demoId });
    const indicator = must(view.state.indicators[0], "indicator");
    const first = await owner.history.addComment({
      assessmentId: demoId,
      targetKind: "indicator",
      targetId: indicator.id,
      body: "Is the airlift really heavy equipment, or rotation?",
    });
    await world.analyst.caller.history.addComment({
      assessmentId: demoId,
      targetKind: "indicator",
      targetId: indicator.id,
      parentId: first.id,
      body: "Heavy: An-124s seen twice.",
    });
    await owner.history.createBaseline({ assessmentId: demoId, name: "Before the export" });
    original = await exportAssessment(getDb(), world.owner.id, demoId);
  });

  it("export → import → export gives the same document, ids aside", async () => {
    expect(original.formatVersion).toBe(1);
    expect(original.comments).toHaveLength(2);
    expect(original.baselines.length).toBeGreaterThanOrEqual(2);
    const imported = await importAssessment(getDb(), world.analyst, world.teamA.id, copy(original));
    expect(imported.title).toBe(original.assessment.title);
    expect(imported.id).not.toBe(demoId);
    const again = await exportAssessment(getDb(), world.owner.id, imported.id);
    expect(again.assessment.teamId).toBe(world.teamA.id);
    expect(again.events).toHaveLength(original.events.length);
    expect(normalised(again)).toEqual(normalised(original));
    // The normaliser hides ids, not content: a changed comment is a different document.
    const edited = copy(again);
    must(edited.comments[0], "comment").body = "Edited";
    expect(normalised(edited)).not.toEqual(normalised(original));
    // The imported copy reads the same brief.
    const a = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, demoId));
    const b = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, imported.id));
    expect(b.bottomLine).toEqual(a.bottomLine);
    expect(b.scenarios.map((s) => [s.name, s.probability])).toEqual(a.scenarios.map((s) => [s.name, s.probability]));
  });

  it("refuses a newer formatVersion, naming the field", async () => {
    const doc = { ...copy(original), formatVersion: 2 };
    await expectRefused(doc, "formatVersion", /newer than this installation reads/);
  });

  it("refuses a file that is not an assessment export, naming the field", async () => {
    const doc = copy(original);
    const scenario = must(doc.assessment.scenarios[0], "scenario");
    scenario.color = "red";
    await expectRefused(doc, "assessment.scenarios.0.color");
    await expectRefused({ hello: "world" }, "formatVersion");
  });

  it("refuses an evidence link to a missing indicator", async () => {
    // In the state only: the history no longer gives that state.
    const stateOnly = copy(original);
    const item = must(stateOnly.assessment.evidence[0], "evidence");
    item.links = { ...item.links, "missing-indicator": 1 };
    await expectRefused(stateOnly, "events", /does not give the exported assessment/);

    // In the history too: the event that makes the link is named.
    const both = copy(original);
    const linkEvent = both.events.findIndex(
      (e) => (e.payload.change as { type?: string } | undefined)?.type === "evidence.add",
    );
    const change = must(both.events[linkEvent], "an evidence.add event").payload.change as {
      evidence: { id: string; links: Record<string, number> };
    };
    change.evidence.links = { ...change.evidence.links, "missing-indicator": 1 };
    const inState = must(
      both.assessment.evidence.find((e) => e.id === change.evidence.id),
      "the evidence in the state",
    );
    inState.links = { ...inState.links, "missing-indicator": 1 };
    await expectRefused(both, `events[${linkEvent}].payload.change.evidence.links.missing-indicator`);
  });

  it("refuses a comment on a missing target or replying to a missing comment", async () => {
    const target = copy(original);
    must(target.comments[0], "comment").targetId = "no-such-indicator";
    await expectRefused(target, "comments[0].targetId", /refers to no indicator/);

    const parent = copy(original);
    must(parent.comments[1], "reply").parentId = "no-such-comment";
    await expectRefused(parent, "comments[1].parentId");
  });

  it("refuses a baseline beyond the last event", async () => {
    const doc = copy(original);
    must(doc.baselines[0], "baseline").eventSeq = doc.events.length + 5;
    await expectRefused(doc, "baselines[0].eventSeq", new RegExp(`the history has ${doc.events.length}`));
  });

  it("refuses a tampered state and a history with a gap", async () => {
    const prior = copy(original);
    must(prior.assessment.scenarios[0], "scenario").prior = 0.9;
    await expectRefused(prior, "events", /changed or is incomplete/);

    const title = copy(original);
    title.assessment.title = "Something else entirely";
    await expectRefused(title, "events");

    const gap = copy(original);
    gap.events.splice(3, 1);
    await expectRefused(gap, "events[3].seq", /gap/);
  });

  it("lets no viewer import, and treats another team's id as not found", async () => {
    const before = await rowCounts();
    const refuse = async (who: { id: string; name: string }, teamId: string) => {
      try {
        await importAssessment(getDb(), who, teamId, copy(original));
      } catch (error) {
        return error;
      }
      return null;
    };
    const viewer = await refuse(world.viewer, world.teamA.id);
    expect(viewer).toBeInstanceOf(DomainError);
    expect((viewer as DomainError).code).toBe("FORBIDDEN");
    const foreign = await refuse(world.analyst, world.teamB.id);
    expect(foreign).toBeInstanceOf(DomainError);
    expect((foreign as DomainError).code).toBe("NOT_FOUND");
    expect((foreign as DomainError).message).toContain(world.teamB.id);
    expect(await rowCounts()).toEqual(before);
  });
});
