// The PowerPoint brief (issue 16 §1) read back from the file: the slides' text, the marking on the
// layout every slide uses, the native charts' cached values and embedded workbooks, tables cut
// across slides; and the export route's roles, moments, content type and file name for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/assessments/[id]/export/route";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { type Brief, buildBrief } from "@/server/export/brief";
import { renderPptx } from "@/server/export/pptx";
import { formatPointsSwing, formatProbability, formatProbabilityRange } from "@/shared/format";
import { buildWorld, signInCookie, type TestUser, type World } from "./harness";
import { eventsOf } from "./workspace-helpers";
import { paragraphsOf, zipEntries } from "./zip-entries";

let world: World;
let demoId: string;
let brief: Brief;

beforeAll(async () => {
  world = await buildWorld();
  demoId = world.teamA.demoAssessmentId;
  brief = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, demoId));
}, 60_000);
afterAll(() => world?.db.cleanup());

// ── Reading the deck ────────────────────────────────────────────────────────

const EMU_PER_INCH = 914_400;

interface SlidePart {
  name: string;
  xml: string;
  title: string;
  paragraphs: string[];
  layoutName: string;
  layout: string;
  charts: { name: string; xml: string; workbook: Map<string, Buffer> }[];
}

/** The part a relationship of `from` points at, as a path inside the package. */
function target(from: string, rels: string, type: string): string[] {
  const dir = from.slice(0, from.lastIndexOf("/"));
  return [...rels.matchAll(/<Relationship [^>]*\/>/g)]
    .map((m) => m[0])
    .filter((r) => r.includes(`/relationships/${type}"`))
    .map((r) => {
      const path = /Target="([^"]+)"/.exec(r)?.[1] ?? "";
      // A target is relative to the part, or absolute from the package's root.
      if (path.startsWith("/")) return path.slice(1);
      const parts = `${dir}/${path}`.split("/");
      const out: string[] = [];
      for (const p of parts)
        if (p === "..") out.pop();
        else out.push(p);
      return out.join("/");
    });
}

function relsOf(part: string): string {
  return `${part.slice(0, part.lastIndexOf("/"))}/_rels/${part.slice(part.lastIndexOf("/") + 1)}.rels`;
}

/** The shapes (<p:sp>) of a slide or layout, each as its XML. */
function shapesOf(xml: string): string[] {
  return [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]);
}

function readDeck(pptx: Buffer) {
  const files = zipEntries(pptx);
  const text = (name: string) => files.get(name)?.toString("utf8") ?? "";
  const number = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  const slides: SlidePart[] = [...files.keys()]
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => number(a) - number(b))
    .map((name) => {
      const xml = text(name);
      const rels = text(relsOf(name));
      const layoutName = target(name, rels, "slideLayout")[0] ?? "";
      const titleShape = shapesOf(xml).find((s) => /<p:ph[^>]*type="title"/.test(s)) ?? "";
      return {
        name,
        xml,
        title: paragraphsOf(titleShape).join(" "),
        paragraphs: paragraphsOf(xml),
        layoutName,
        layout: text(layoutName),
        charts: target(name, rels, "chart").map((chart) => {
          const workbook = target(chart, text(relsOf(chart)), "package")[0] ?? "";
          return { name: chart, xml: text(chart), workbook: zipEntries(files.get(workbook) ?? Buffer.alloc(0)) };
        }),
      };
    });
  return { files, text, slides };
}

/** The numbers a chart series caches (c:val › c:numCache), by index; a point left out is a blank (null). */
function cachedValues(series: string): (number | null)[] {
  const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(series)?.[1] ?? "";
  const count = Number(/<c:ptCount val="(\d+)"\/>/.exec(val)?.[1] ?? 0);
  const values: (number | null)[] = Array.from({ length: count }, () => null);
  for (const m of val.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) values[Number(m[1])] = Number(m[2]);
  return values;
}

function seriesOf(chart: string): string[] {
  return chart.split("<c:ser>").slice(1);
}

/** Column `col` of the embedded workbook's first sheet, from row 2 down, as numbers. */
function sheetColumn(workbook: Map<string, Buffer>, col: string): number[] {
  const sheet = workbook.get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
  return [...sheet.matchAll(new RegExp(`<c r="${col}(\\d+)"[^>]*><v>([^<]*)</v></c>`, "g"))]
    .filter((m) => Number(m[1]) >= 2)
    .map((m) => Number(m[2]));
}

function markingShapes(layout: string) {
  return ["top", "bottom"].map((where) => {
    const shape = shapesOf(layout).find((s) => s.includes(`name="Handling marking (${where})"`)) ?? "";
    return {
      text: paragraphsOf(shape).join(""),
      y: Number(/<a:off x="\d+" y="(\d+)"\/>/.exec(shape)?.[1] ?? Number.NaN),
    };
  });
}

function slideTitled(slides: SlidePart[], title: string | RegExp): SlidePart {
  const slide = slides.find((s) => (typeof title === "string" ? s.title === title : title.test(s.title)));
  if (!slide) throw new Error(`No slide titled ${title}: ${slides.map((s) => s.title).join(" | ")}`);
  return slide;
}

// ── The deck ────────────────────────────────────────────────────────────────

describe("PowerPoint brief", () => {
  it("has a title slide, the bottom line, and a slide for each part of the brief in order", async () => {
    const { files, text, slides } = readDeck(await renderPptx(brief));
    // Every part the content types name is in the package (pptxgenjs names a master per slide).
    const named = [...text("[Content_Types].xml").matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(named).toContain("ppt/slideMasters/slideMaster1.xml");
    for (const part of named) expect(files.has(part), part).toBe(true);
    expect(slides.map((s) => s.title)).toEqual([
      brief.title,
      "Bottom line up front",
      "Scenarios",
      "Probability since the baseline",
      "Key drivers",
      "What the call leans on",
      "Collection priorities",
    ]);
    const [title, bluf] = slides;
    expect(title?.paragraphs).toContain(`Key question: ${brief.keyQuestion}`);
    expect(title?.paragraphs).toContain(`Analytic confidence: ${brief.confidence}`);
    expect(title?.paragraphs.join("\n")).toContain(`(change ${brief.asOf.seq} of ${brief.asOf.latest})`);
    expect(brief.bottomLine.length).toBeGreaterThan(0);
    for (const sentence of brief.bottomLine) expect(bluf?.paragraphs).toContain(sentence);
  });

  it("carries the marking at the top and bottom of the layout every slide uses, never on a slide alone", async () => {
    const { text, slides } = readDeck(await renderPptx(brief));
    expect(brief.handling).toBe("UNCLASSIFIED // FOR TRAINING");
    for (const slide of slides) {
      expect(slide.layoutName, slide.name).toMatch(/^ppt\/slideLayouts\/slideLayout\d+\.xml$/);
      const [top, bottom] = markingShapes(slide.layout);
      expect(top?.text, slide.name).toBe(brief.handling);
      expect(bottom?.text, slide.name).toBe(brief.handling);
      expect(top?.y ?? Number.NaN, slide.name).toBeLessThan(0.5 * EMU_PER_INCH);
      expect(bottom?.y ?? Number.NaN, slide.name).toBeGreaterThan(6.9 * EMU_PER_INCH);
      // The layout belongs to the deck's master, so it travels with a slide copied with its formatting.
      expect(target(slide.layoutName, text(relsOf(slide.layoutName)), "slideMaster")).toEqual([
        "ppt/slideMasters/slideMaster1.xml",
      ]);
      expect(slide.xml).not.toContain(brief.handling);
    }
  });

  it("shows the scenarios as a table and as a native bar chart whose data are the probabilities", async () => {
    const { slides } = readDeck(await renderPptx(brief));
    const slide = slideTitled(slides, "Scenarios");
    expect(slide.xml).toContain("<a:tbl>");
    for (const s of brief.scenarios) {
      expect(slide.paragraphs).toContain(s.name);
      expect(slide.paragraphs).toContain(formatProbability(s.probability));
    }
    expect(slide.paragraphs).toContain("roughly even chance (leading)");
    expect(slide.paragraphs).toContain(brief.confidence);
    expect(slide.paragraphs).toContain("+12 pts");
    if (!brief.baseline || !brief.roundingNote) throw new Error("The demo has a baseline and a rounding note");
    expect(slide.paragraphs.join("\n")).toContain(`Baseline: “${brief.baseline.name}”`);
    expect(slide.paragraphs).toContain(brief.roundingNote);

    expect(slide.charts).toHaveLength(1);
    const chart = slide.charts[0];
    if (!chart) throw new Error("No chart");
    expect(chart.name).toMatch(/^ppt\/charts\/chart\d+\.xml$/);
    expect(chart.xml).toContain("<c:barChart>");
    const [series, ...others] = seriesOf(chart.xml);
    expect(others).toHaveLength(0);
    expect(cachedValues(series ?? "")).toEqual(brief.scenarios.map((s) => s.probability));
    // Each bar's label carries its figure by the display rule.
    for (const s of brief.scenarios) expect(series).toContain(`${s.name} (${formatProbability(s.probability)})`);
    // The embedded workbook PowerPoint opens to edit the data holds the same numbers, in plain
    // cells (no Excel table: pptxgenjs writes one Excel would have to repair), its every part typed.
    expect(sheetColumn(chart.workbook, "B")).toEqual(brief.scenarios.map((s) => s.probability));
    expect([...chart.workbook.keys()].filter((n) => n.startsWith("xl/tables/"))).toEqual([]);
    const types = chart.workbook.get("[Content_Types].xml")?.toString("utf8") ?? "";
    for (const m of types.matchAll(/<Override PartName="\/([^"]+)"/g))
      expect(chart.workbook.has(m[1] ?? "")).toBe(true);
  });

  it("puts the team range of an adopted round beside each scenario, and says where it comes from", async () => {
    const [first, ...rest] = brief.scenarios;
    if (!first) throw new Error("The demo has scenarios");
    const withTeam: Brief = {
      ...brief,
      team: {
        roundId: "r1",
        roundNumber: 2,
        question: "Rate the airlift rows again",
        adoptedAt: Date.UTC(2024, 11, 13, 14),
        participants: 3,
      },
      scenarios: [{ ...first, teamRange: { low: 0.38, high: 0.66 } }, ...rest.map((s) => ({ ...s, teamRange: null }))],
    };
    const slide = slideTitled(readDeck(await renderPptx(withTeam)).slides, "Scenarios");
    expect(slide.paragraphs).toContain("Team range");
    expect(slide.paragraphs).toContain(formatProbabilityRange(0.38, 0.66));
    expect(slide.paragraphs.join("\n")).toContain("Team ranges from round 2, adopted 2024-12-13 14:00 UTC");
    // Without an adopted round there is no such column.
    const plain = slideTitled(readDeck(await renderPptx(brief)).slides, "Scenarios");
    expect(plain.paragraphs).not.toContain("Team range");
  });

  it("draws the history since the baseline as a native line chart, one series per scenario", async () => {
    const { slides } = readDeck(await renderPptx(brief));
    const slide = slideTitled(slides, "Probability since the baseline");
    expect(brief.timeline.length).toBeGreaterThan(2);
    const chart = slide.charts[0];
    if (!chart) throw new Error("No chart");
    expect(chart.xml).toContain("<c:lineChart>");
    const series = seriesOf(chart.xml);
    expect(series).toHaveLength(brief.scenarios.length);
    brief.scenarios.forEach((s, k) => {
      expect(series[k]).toContain(`<c:v>${s.name}</c:v>`);
      expect(cachedValues(series[k] ?? "")).toEqual(brief.timeline.map((p) => p.probabilities[s.id] ?? null));
    });
    expect(slide.paragraphs.join(" ")).toContain(`“${brief.baseline?.name}”`);
  });

  it("lists the drivers, what the call leans on and the collection priorities with the shared figures", async () => {
    const { slides } = readDeck(await renderPptx(brief));
    const drivers = slideTitled(slides, "Key drivers");
    for (const d of brief.drivers) {
      expect(drivers.paragraphs).toContain(d.scenario);
      for (const i of d.items) expect(drivers.paragraphs).toContain(i.indicator);
    }
    expect(drivers.paragraphs.some((p) => /^\d\.\d\d× (more|less) likely$/.test(p))).toBe(true);
    const leaned = slideTitled(slides, "What the call leans on");
    for (const e of brief.leanedOn) expect(leaned.paragraphs).toContain(e.title);
    // The top of the list with its swing by the shared figure (with origins, a report of several items is one line).
    expect(leaned.paragraphs).toContain(formatPointsSwing(brief.leanedOn[0]?.points ?? Number.NaN));
    const watch = slideTitled(slides, "Collection priorities");
    for (const w of brief.watch) expect(watch.paragraphs).toContain(w.indicator);
    expect(watch.paragraphs).toContain(`${brief.watch[0]?.bits.toFixed(2)} bits`);
  });

  it("renders the brief as of the baseline, measured from the baseline before it (none in the demo)", async () => {
    if (!brief.baseline) throw new Error("The demo has no baseline");
    const asOfBaseline = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, demoId), {
      asOf: { baselineId: brief.baseline.id },
    });
    const { slides } = readDeck(await renderPptx(asOfBaseline));
    for (const sentence of asOfBaseline.bottomLine) expect(slides[1]?.paragraphs).toContain(sentence);
    expect(slides.map((s) => s.title)).toContain("Probability over the whole history");
    expect(slides[0]?.paragraphs.join("\n")).toContain(
      `This brief shows the assessment as it stood at change ${asOfBaseline.asOf.seq}`,
    );
  });

  it("cuts long tables across slides, charts the scenarios on a slide of their own, and marks every slide", async () => {
    const long = "the corridor reopens under a joint arrangement of authorities with donor monitoring";
    const scenarios = Array.from({ length: 12 }, (_, k) => ({
      id: `s${k}`,
      name: `Scenario ${k + 1}: ${long}`,
      color: "#0072B2",
      probability: (12 - k) / 78,
      term: "very unlikely",
      deltaPoints: k === 3 ? null : k - 5,
      leading: k === 0,
      teamRange: null,
    }));
    const big: Brief = {
      ...brief,
      scenarios,
      drivers: scenarios.map((s) => ({
        scenario: s.name,
        items: [1, 2, 3].map((j) => ({ indicator: `Indicator ${j} of ${s.name}`, nats: j / 10 })),
      })),
      timeline: brief.timeline.map((p, k) => ({
        at: p.at,
        // Scenario 4 arrives half-way: no figure before it existed.
        probabilities: Object.fromEntries(
          scenarios.filter((s) => s.id !== "s3" || k >= 5).map((s) => [s.id, s.probability]),
        ),
      })),
    };
    const { slides } = readDeck(await renderPptx(big));
    const titles = slides.map((s) => s.title);
    const scenarioPages = titles.filter((t) => t.startsWith("Scenarios ("));
    expect(scenarioPages.length).toBeGreaterThanOrEqual(2);
    expect(scenarioPages).toEqual(scenarioPages.map((_, k) => `Scenarios (${k + 1} of ${scenarioPages.length})`));
    expect(titles).toContain("Probability now");
    expect(titles.filter((t) => t.startsWith("Key drivers (")).length).toBeGreaterThanOrEqual(3);
    // Every scenario and every driver is on some slide, each once.
    const all = slides.flatMap((s) => s.paragraphs);
    for (const s of scenarios) expect(all.filter((p) => p === s.name).length).toBe(2);
    for (const d of big.drivers) for (const i of d.items) expect(all.filter((p) => p === i.indicator)).toHaveLength(1);
    for (const slide of slides)
      expect(markingShapes(slide.layout).map((m) => m.text)).toEqual([brief.handling, brief.handling]);
    const historyChart = slideTitled(slides, "Probability since the baseline").charts[0];
    const history = historyChart?.xml ?? "";
    // Blanks are points left out, in the chart's cache and in its workbook, never empty values.
    expect(history).not.toContain("<c:v></c:v>");
    const sheet = historyChart?.workbook.get("xl/worksheets/sheet1.xml")?.toString("utf8") ?? "";
    expect(sheet).toContain("<sheetData>");
    expect(sheet).not.toContain("<v></v>");
    expect(sheetColumn(historyChart?.workbook ?? new Map(), "E")).toHaveLength(big.timeline.length - 5);
    expect(cachedValues(seriesOf(history)[3] ?? "").slice(0, 6)).toEqual([
      null,
      null,
      null,
      null,
      null,
      scenarios[3]?.probability,
    ]);
  });

  it("writes what XML cannot hold as spaces, escapes markup, and marks an unmarked brief UNMARKED", async () => {
    const odd: Brief = {
      ...brief,
      handling: "",
      title: "Ports \u000b& <harbours>",
      bottomLine: ["We assess that \u0001ports & <harbours> are likely (62 %), with high confidence."],
    };
    const { files, slides } = readDeck(await renderPptx(odd));
    for (const [name, bytes] of files) {
      if (!name.endsWith(".xml") && !name.endsWith(".rels")) continue;
      expect(/(?![\t\n\r])\p{Cc}/u.test(bytes.toString("utf8")), name).toBe(false);
    }
    expect(slides[0]?.title).toBe("Ports  & <harbours>");
    expect(slides[1]?.paragraphs).toContain(
      "We assess that  ports & <harbours> are likely (62 %), with high confidence.",
    );
    for (const slide of slides)
      expect(markingShapes(slide.layout).map((m) => m.text)).toEqual(["UNMARKED", "UNMARKED"]);
  });
});

// ── The route ───────────────────────────────────────────────────────────────

const PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

async function exportAs(user: TestUser | null, assessmentId: string, query: string): Promise<Response> {
  const headers: Record<string, string> = user ? { cookie: await signInCookie(user.email) } : {};
  const req = new Request(`http://127.0.0.1/api/assessments/${assessmentId}/export?${query}`, { headers });
  return GET(req, { params: Promise.resolve({ id: assessmentId }) });
}

async function deckOf(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe(PPTX_TYPE);
  return readDeck(Buffer.from(await res.arrayBuffer()));
}

describe("GET /api/assessments/{id}/export?format=pptx", () => {
  it("sends the deck as an attachment named after the as-of day and the title", async () => {
    const events = await eventsOf(demoId);
    const last = events[events.length - 1];
    if (!last) throw new Error("The demo has no events");
    const res = await exportAs(world.owner, demoId, "format=pptx");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${new Date(last.at.getTime()).toISOString().slice(0, 10)}-russian-military-posture-in-syria.pptx"`,
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { slides } = await deckOf(res);
    for (const sentence of brief.bottomLine) expect(slides[1]?.paragraphs).toContain(sentence);
  });

  it("lets viewers and analysts export, asks for a session, and hides another team's assessment", async () => {
    for (const user of [world.viewer, world.analyst]) await deckOf(await exportAs(user, demoId, "format=pptx"));
    expect((await exportAs(null, demoId, "format=pptx")).status).toBe(401);
    const foreign = await exportAs(world.owner, world.teamB.assessmentId, "format=pptx");
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { field?: string } }).error.field).toBe("assessmentId");
  });

  it("briefs the moment named by seq= or at=, measured from the baseline named by compareTo=", async () => {
    const latest = (await eventsOf(demoId)).length;
    const first = await deckOf(await exportAs(world.owner, demoId, "format=pptx&seq=1"));
    expect(first.slides[0]?.paragraphs.join("\n")).toContain(`(change 1 of ${latest})`);
    const baselines = await world.owner.caller.history.baselines({ assessmentId: demoId });
    const baseline = baselines[0];
    if (!baseline) throw new Error("The demo has no baseline");
    const at = encodeURIComponent(new Date((await eventsOf(demoId))[latest - 2]?.at ?? 0).toISOString());
    const compared = await deckOf(await exportAs(world.owner, demoId, `format=pptx&at=${at}&compareTo=${baseline.id}`));
    expect(compared.slides[0]?.paragraphs.join("\n")).toMatch(/\(change \d+ of \d+\)/);
    const scenarios = slideTitled(compared.slides, "Scenarios");
    expect(scenarios.paragraphs.join("\n")).toContain(`Baseline: “${baseline.name}”`);
    const unknown = await exportAs(world.owner, demoId, "format=pptx&compareTo=no-such-baseline");
    expect(unknown.status).toBe(404);
  });
});
