// Bringing a matrix in (issue 16 §3): an ACH matrix read into the preview with the expected
// ratings and weights, saved through assessments.createFromMatrix; a Signpost workbook imported as a
// new assessment and applied to its own as one change; the round trip export → import → export
// compared cell by cell; and every bad file refused with the sheet, cell and fix, nothing written.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { loadAssessmentState } from "@/server/assessments/store";
import { buildBrief } from "@/server/export/brief";
import { exportAssessment } from "@/server/export/json/export";
import { importAssessment } from "@/server/export/json/write-import";
import { achPreview } from "@/server/export/workbook/ach";
import { readSpreadsheet } from "@/server/export/workbook/cells";
import { workbookAt } from "@/server/export/workbook/export";
import { importWorkbook, previewSheet, type WorkbookPreview } from "@/server/export/workbook/import";
import { achTemplateCsv, achTemplateXlsx, workbookTemplate } from "@/server/export/workbook/template";
import type { AchPreview } from "@/shared/assessment/matrix-import";
import { activeScenarios } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";
import { buildWorld, rowCounts, type TestUser, type World } from "./harness";
import { comparable, eventsOf, replayEvents, tableState } from "./workspace-helpers";

let world: World;
let demoId: string;

const enc = (s: string) => new TextEncoder().encode(s);

const ACH_SAMPLE = [
  "Evidence,Type,Credibility,Relevance,Full exit,Partial consolidation,Negotiated retention",
  "Prior,,,,0.2,0.5,0.3",
  "An-124s loading at Khmeimim,Imagery,High,High,CC,C,II",
  "Tartus unchanged,Imagery,Medium,High,I,c,C",
  "Kremlin in talks on the bases,Statement,Low,Medium,ii,N,CC",
  "Helicopters dismantled,Imagery,,,C,NA,",
].join("\r\n");

async function exported(id: string, user: TestUser): Promise<Buffer> {
  const access = await checkAssessmentAccess(getDb(), user.id, id);
  return workbookAt(access, (await buildBrief(access)).asOf);
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function edited(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = await load(bytes);
  edit(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Every cell of the content sheets as text, "Sheet!A1" → value; columns named in `skip` left out. */
async function cells(
  bytes: Uint8Array,
  skip: (sheet: string, header: string) => boolean,
): Promise<Map<string, string>> {
  const wb = await load(bytes);
  const out = new Map<string, string>();
  for (const ws of wb.worksheets) {
    if (ws.name === "Probability history") continue;
    const headers = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
    ws.eachRow((row, r) => {
      row.eachCell((cell, c) => {
        const label = ws.name === "Assessment" ? String(row.getCell(1).value) : (headers[c] ?? "");
        if (skip(ws.name, label)) return;
        const v = cell.value;
        out.set(`${ws.name}!${cell.address}`, v instanceof Date ? v.toISOString() : JSON.stringify(v));
      });
      void r;
    });
  }
  return out;
}

async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
  const before = await rowCounts();
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(await rowCounts()).toEqual(before);
    return error as DomainError;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  world = await buildWorld();
  demoId = world.teamA.demoAssessmentId;
}, 60_000);
afterAll(() => world?.db.cleanup());

describe("an ACH matrix", () => {
  it("maps the consistency codes, the prior row and credibility × relevance as the preview says", async () => {
    const preview = (await previewSheet(
      getDb(),
      world.analyst,
      world.teamA.id,
      enc(ACH_SAMPLE),
      "syria.csv",
    )) as AchPreview;
    expect(preview.layout).toBe("ach");
    expect(preview.scenarios.map((s) => [s.name, s.prior])).toEqual([
      ["Full exit", 0.2],
      ["Partial consolidation", 0.5],
      ["Negotiated retention", 0.3],
    ]);
    expect(preview.priorsFrom).toBe("row");
    expect(preview.indicators.map((i) => i.cells.map((c) => c.rating))).toEqual([
      ["highly_likely", "likely", "highly_unlikely"],
      ["unlikely", "likely", "likely"],
      ["highly_unlikely", "could", "highly_likely"],
      ["likely", "could", "could"],
    ]);
    expect(preview.indicators.map((i) => i.weight)).toEqual([1, 0.6, 0.18, 1]);
    expect(preview.indicators[2]?.weightFrom).toBe("Credibility Low × Relevance Medium");
    expect(preview.indicators[3]?.cells.map((c) => c.flagged)).toEqual([false, true, true]);
    expect(preview.flagged).toBe(2);
    expect(preview.indicators[1]?.cells[0]?.cell).toBe("syria!E4");
    expect(preview.mapping.join(" ")).toMatch(/Columns not used by the matrix: Type/);
  });

  it("reads priors as written: whole numbers as weights, percents as shares", async () => {
    const csv = "E,A,B,C\nPrior,1,2,40 %\nx,C,N,I\n";
    const preview = (await previewSheet(getDb(), world.analyst, world.teamA.id, enc(csv), "p.csv")) as AchPreview;
    expect(preview.scenarios.map((s) => s.prior)).toEqual([1, 2, 0.4]);
  });

  it("reads the same matrix from an .xlsx, and the ACH templates read back as matrices", async () => {
    const xlsx = await achTemplateXlsx();
    const fromXlsx = achPreview((await readSpreadsheet(new Uint8Array(xlsx), "t.xlsx"))[0] as never, "t.xlsx");
    const fromCsv = achPreview((await readSpreadsheet(enc(achTemplateCsv()), "t.csv"))[0] as never, "t.csv");
    expect(fromXlsx.indicators.map((i) => i.cells.map((c) => c.rating))).toEqual(
      fromCsv.indicators.map((i) => i.cells.map((c) => c.rating)),
    );
    expect(fromXlsx.indicators).toHaveLength(4);
    expect(fromXlsx.scenarios).toHaveLength(3);
  });

  it("is saved, as adjusted, by assessments.createFromMatrix as one change", async () => {
    const preview = (await previewSheet(
      getDb(),
      world.analyst,
      world.teamA.id,
      enc(ACH_SAMPLE),
      "syria.csv",
    )) as AchPreview;
    const plan = {
      title: "Imported ACH matrix",
      keyQuestion: "Will Russia keep its Syrian bases?",
      horizon: "2099-06-30",
      confidence: "low" as const,
      scenarios: preview.scenarios.map((s) => ({ name: s.name, prior: s.prior })),
      indicators: preview.indicators.map((i, k) => ({
        name: i.name,
        description: "",
        weight: i.weight,
        // The analyst adjusts one cell in the preview.
        expectations: i.cells.map((c, j) => (k === 3 && j === 1 ? ("unlikely" as const) : c.rating)),
      })),
    };
    const { id, version } = await world.analyst.caller.assessments.createFromMatrix({ teamId: world.teamA.id, plan });
    expect(version).toBe(1);
    const state = await loadAssessmentState(getDb(), id);
    if (!state) throw new Error("not created");
    const [s1, s2, s3] = state.scenarios.map((s) => s.id) as [string, string, string];
    expect(state.indicators.map((i) => [i.expectations[s1], i.expectations[s2], i.expectations[s3], i.weight])).toEqual(
      [
        ["highly_likely", "likely", "highly_unlikely", 1],
        ["unlikely", "likely", "likely", 0.6],
        ["highly_unlikely", "could", "highly_likely", 0.18],
        ["likely", "unlikely", "could", 1],
      ],
    );
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["assessment.create"]);
  });

  it("refuses a viewer, and another team, before reading the file", async () => {
    const viewer = await refusal(() => previewSheet(getDb(), world.viewer, world.teamA.id, enc(ACH_SAMPLE), "a.csv"));
    expect(viewer.code).toBe("FORBIDDEN");
    const other = await refusal(() => previewSheet(getDb(), world.ownerB, world.teamA.id, enc(ACH_SAMPLE), "a.csv"));
    expect(other.code).toBe("NOT_FOUND");
  });
});

describe("bad files, each refused with its sheet, cell and fix, nothing written", () => {
  const ach = (rows: string[]) => () =>
    previewSheet(getDb(), world.analyst, world.teamA.id, enc(rows.join("\n")), "m.csv");
  const cases: [string, () => Promise<unknown>, RegExp, string][] = [
    [
      "an unknown code",
      ach(["E,A,B", "x,CC,Probable"]),
      /^m!C2: 'Probable' is not a consistency code; use CC, C, N, I, II or NA$/,
      "m!C2",
    ],
    ["one hypothesis", ach(["E,A", "x,CC"]), /^m!B1: give at least two hypotheses/, "m!B1"],
    ["two hypotheses of one name", ach(["E,A,a", "x,C,C"]), /^m!C1: 'a' names two hypotheses \(also m!B1\)/, "m!C1"],
    ["a bad prior", ach(["E,A,B", "Prior,1,zero", "x,C,C"]), /^m!C2: 'zero' is not a prior/, "m!C2"],
    [
      "a bad credibility",
      ach(["E,Credibility,A,B", "x,sure,C,C"]),
      /^m!B2: 'sure' is not a credibility; use High, Medium or Low/,
      "m!B2",
    ],
    [
      "a row without a name",
      ach(["E,A,B", ",C,C"]),
      /^m!A2: this row has ratings but no evidence or indicator name/,
      "m!A2",
    ],
    ["no rows", ach(["E,A,B"]), /^m!A2: no evidence or indicator rows/, "m!A2"],
    [
      "thirteen hypotheses",
      ach([`E,${Array.from({ length: 13 }, (_, k) => `H${k}`).join(",")}`, `x${",C".repeat(13)}`]),
      /^m!N1: at most 12 hypotheses/,
      "m!N1",
    ],
    [
      "an empty file",
      () => previewSheet(getDb(), world.analyst, world.teamA.id, new Uint8Array(0), "e.csv"),
      /The file is empty/,
      "file",
    ],
    [
      "bytes that are neither",
      () => previewSheet(getDb(), world.analyst, world.teamA.id, new Uint8Array([0xff, 0xfe, 0x00, 0x81]), "b.csv"),
      /neither an \.xlsx workbook nor UTF-8 text/,
      "file",
    ],
    [
      "a broken zip",
      () =>
        previewSheet(
          getDb(),
          world.analyst,
          world.teamA.id,
          new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
          "b.xlsx",
        ),
      /not an Excel workbook \(\.xlsx\) that can be read/,
      "file",
    ],
  ];
  for (const [name, run, message, field] of cases) {
    it(`refuses ${name}`, async () => {
      const error = await refusal(run);
      expect(error.message).toMatch(message);
      expect(error.field).toBe(field);
    });
  }

  it("refuses Signpost workbooks with a bad cell, naming it", async () => {
    const base = await exported(demoId, world.owner);
    const badCases: [string, (wb: ExcelJS.Workbook) => void, RegExp][] = [
      [
        "a rating word",
        (wb) => {
          sheet(wb, "Matrix").getCell("D7").value = "Probable";
        },
        /^Matrix!D7: 'Probable' is not a rating; use Highly likely, Likely, Could, Unlikely or Highly unlikely$/,
      ],
      [
        "a likelihood out of range",
        (wb) => {
          sheet(wb, "Matrix").getCell("C3").value = 1.5;
        },
        /^Matrix!C3: 1\.5 is not a likelihood; give one from 0\.01 to 0\.99/,
      ],
      [
        "an empty rating",
        (wb) => {
          sheet(wb, "Matrix").getCell("E2").value = null;
        },
        /^Matrix!E2: the rating is missing/,
      ],
      [
        "a weight over 100 %",
        (wb) => {
          sheet(wb, "Matrix").getCell("F4").value = 2;
        },
        /^Matrix!F4: '2' is not a weight; give a percent from 0 % to 100 %/,
      ],
      [
        "an unknown scenario column",
        (wb) => {
          sheet(wb, "Matrix").getCell("E1").value = "Something else";
        },
        /^Matrix!\w+1: (no column for scenario|'Something else' is not a scenario)/,
      ],
      [
        "a grade",
        (wb) => {
          sheet(wb, "Evidence").getCell("F3").value = "G";
        },
        /^Evidence!F3: Source reliability is a letter from A to F|^Evidence!F3: source reliability is a letter from A to F/,
      ],
      [
        "a credibility",
        (wb) => {
          sheet(wb, "Evidence").getCell("G2").value = "9";
        },
        /^Evidence!G2: information credibility is a number from 1 to 6/,
      ],
      [
        "an observed date",
        (wb) => {
          sheet(wb, "Evidence").getCell("H2").value = "last week";
        },
        /^Evidence!H2: 'last week' is not a date; give one as YYYY-MM-DD/,
      ],
      [
        "a source URL",
        (wb) => {
          sheet(wb, "Evidence").getCell("D2").value = "javascript:alert(1)";
        },
        /^Evidence!D2: /,
      ],
      [
        "a horizon",
        (wb) => {
          sheet(wb, "Assessment").getCell("B4").value = "soon";
        },
        /^Assessment!B4: 'soon' is not a date/,
      ],
      [
        "a confidence",
        (wb) => {
          sheet(wb, "Assessment").getCell("B5").value = "certain";
        },
        /^Assessment!B5: confidence is low, moderate or high|^Assessment!B5: /,
      ],
      [
        "a link direction",
        (wb) => {
          sheet(wb, "Links").getCell("C2").value = "maybe";
        },
        /^Links!C2: 'maybe' is not a direction; use present or absent$/,
      ],
      [
        "a link to no evidence",
        (wb) => {
          sheet(wb, "Links").getCell("D3").value = "nope";
          sheet(wb, "Links").getCell("A3").value = "No such title";
        },
        /^Links!A3: 'No such title' is not an evidence item/,
      ],
      [
        "a missing sheet",
        (wb) => {
          const ws = sheet(wb, "Scenarios");
          ws.name = "Scenarios (old)";
        },
        /not a Signpost workbook|no 'Scenarios' sheet/,
      ],
    ];
    for (const [name, edit, message] of badCases) {
      const bytes = await edited(base, edit);
      const error = await refusal(() =>
        importWorkbook(getDb(), world.analyst, world.teamA.id, bytes, "demo.xlsx", { mode: "create" }),
      );
      expect(error.message, name).toMatch(message);
    }
  });
});

describe("a Signpost workbook", () => {
  it("round trip: export → import as new → export gives the same workbook content, cell by cell", async () => {
    const first = await exported(demoId, world.owner);
    const created = await importWorkbook(getDb(), world.analyst, world.teamA.id, first, "demo.xlsx", {
      mode: "create",
    });
    expect((await eventsOf(created.id)).map((e) => e.kind)).toEqual(["assessment.create"]);
    const second = await exported(created.id, world.analyst);
    // A new assessment has new ids and its own moment; everything else is the same.
    const skip = (_sheet: string, label: string) =>
      ["ID", "Evidence ID", "Indicator ID", "As of", "Assessment ID"].includes(label);
    const a = await cells(first, skip);
    const b = await cells(second, skip);
    expect(a.size).toBeGreaterThan(200);
    expect([...b.entries()]).toEqual([...a.entries()]);
  });

  it("round trip onto itself: the same workbook applied changes nothing and is refused as such", async () => {
    const bytes = await exported(demoId, world.owner);
    const preview = (await previewSheet(getDb(), world.analyst, world.teamA.id, bytes, "demo.xlsx")) as WorkbookPreview;
    expect(preview.target?.id).toBe(demoId);
    expect(preview.target?.sentences).toEqual([]);
    const error = await refusal(() =>
      importWorkbook(getDb(), world.analyst, world.teamA.id, bytes, "demo.xlsx", {
        mode: "update",
        assessmentId: demoId,
        version: preview.target?.version ?? 0,
        rationale: "No change",
      }),
    );
    expect(error.message).toMatch(/nothing to apply/);
  });

  it("applied to its assessment: the confirmation lists the edits, which are saved as ONE change with the rationale", async () => {
    const before = await loadAssessmentState(getDb(), demoId);
    if (!before) throw new Error("no demo");
    const active = activeScenarios(before.scenarios);
    const bytes = await edited(await exported(demoId, world.owner), (wb) => {
      sheet(wb, "Matrix").getCell("C2").value = "Highly unlikely";
      sheet(wb, "Matrix").getCell(3, 3 + active.length).value = 0.25;
      sheet(wb, "Evidence").getCell("F2").value = "D";
      const row = sheet(wb, "Matrix").rowCount + 1;
      sheet(wb, "Matrix").getRow(row).values = [
        "Reserve call-ups in Russia",
        "New row",
        ...active.map(() => "Could"),
        0.5,
      ];
    });
    const preview = (await previewSheet(
      getDb(),
      world.analyst,
      world.teamA.id,
      bytes,
      "edited.xlsx",
    )) as WorkbookPreview;
    const target = preview.target;
    if (!target) throw new Error("no target");
    const first = before.indicators[0];
    const second = before.indicators[1];
    expect(first?.expectations[active[0]?.id ?? ""]).not.toBe("highly_unlikely");
    expect(target.sentences).toEqual([
      `Rated '${first?.name}' under '${active[0]?.name}' as highly unlikely`,
      `Set the weight of '${second?.name}' to 25 %`,
      "Added indicator 'Reserve call-ups in Russia'",
      `Edited evidence '${before.evidence[0]?.title}'`,
    ]);
    expect(target.kept).toEqual({ indicators: 0, evidence: 0 });
    expect(target.total).toBe(target.sentences.length);
    const events = (await eventsOf(demoId)).length;
    const done = await importWorkbook(getDb(), world.analyst, world.teamA.id, bytes, "edited.xlsx", {
      mode: "update",
      assessmentId: demoId,
      version: target.version,
      rationale: "Team review of 20 Dec",
    });
    expect(done.edits).toBe(target.total);
    const after = await eventsOf(demoId);
    expect(after).toHaveLength(events + 1);
    expect(after.at(-1)?.kind).toBe("workbook.apply");
    expect(after.at(-1)?.rationale).toBe("Team review of 20 Dec");
    const state = await loadAssessmentState(getDb(), demoId);
    expect(state?.indicators[0]?.expectations[active[0]?.id ?? ""]).toBe("highly_unlikely");
    expect(state?.indicators.find((i) => i.id === second?.id)?.weight).toBe(0.25);
    expect(state?.evidence[0]?.reliability).toBe("D");
    expect(state?.indicators.at(-1)?.name).toBe("Reserve call-ups in Russia");
    // Replaying the history, the workbook change included, rebuilds the tables exactly.
    expect(comparable(replayEvents(await eventsOf(demoId)).state)).toEqual(comparable(await tableState(demoId)));
    // Exported again, the workbook reads as the one applied (but for the new row's id and the moment).
    const again = await exported(demoId, world.owner);
    // The probabilities and terms are computed: the edited file still shows the old ones.
    const skip = (_s: string, label: string) => ["As of", "Probability", "Term (ICD 203)"].includes(label);
    const a = await cells(bytes, skip);
    const b = await cells(again, skip);
    const newId = state?.indicators.at(-1)?.id ?? "";
    const differing = [...b.entries()].filter(([k, v]) => a.get(k) !== v).map(([k, v]) => [k, v]);
    expect(differing).toEqual([[expect.stringMatching(/^Matrix!/), JSON.stringify(newId)]]);
    // A stale version is refused and writes nothing.
    const stale = await refusal(() =>
      importWorkbook(getDb(), world.analyst, world.teamA.id, bytes, "edited.xlsx", {
        mode: "update",
        assessmentId: demoId,
        version: target.version,
        rationale: "Again",
      }),
    );
    expect(stale.code).toBe("CONFLICT");
  });

  it("says why a workbook cannot be applied to its assessment, and still offers a new one", async () => {
    const bytes = await edited(await exported(demoId, world.owner), (wb) => {
      sheet(wb, "Scenarios").getCell("A2").value = "A scenario the demo lacks";
      sheet(wb, "Scenarios").getCell("H2").value = null;
      sheet(wb, "Matrix").getCell("C1").value = "A scenario the demo lacks";
    });
    const before = await rowCounts();
    const preview = (await previewSheet(getDb(), world.analyst, world.teamA.id, bytes, "x.xlsx")) as WorkbookPreview;
    expect(preview.target?.problem).toMatch(
      /^Scenarios!A2: 'A scenario the demo lacks' is not an active scenario of '.*'; add it in the workspace first, or import the workbook as a new assessment$/,
    );
    expect(preview.target?.sentences).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it("a history holding a workbook.apply travels in the JSON export and imports to the same state", async () => {
    expect((await eventsOf(demoId)).some((e) => e.kind === "workbook.apply")).toBe(true);
    const doc = JSON.parse(JSON.stringify(await exportAssessment(getDb(), world.owner.id, demoId))) as unknown;
    const copy = await importAssessment(getDb(), world.owner, world.teamA.id, doc);
    const a = await tableState(demoId);
    const b = await tableState(copy.id);
    const rows = (state: typeof a) =>
      state.indicators.map((i) => [i.name, i.weight, state.scenarios.map((s) => i.expectations[s.id])]);
    expect(await rows(b)).toEqual(await rows(a));
    expect(b.evidence.map((e) => [e.title, e.reliability])).toEqual(a.evidence.map((e) => [e.title, e.reliability]));
    expect((await eventsOf(copy.id)).map((e) => e.kind)).toEqual((await eventsOf(demoId)).map((e) => e.kind));
  });

  it("is offered as a template that imports as a new assessment", async () => {
    const template = await workbookTemplate();
    // Room to type: the drop-downs reach the empty rows below the example.
    const book = await load(new Uint8Array(template));
    expect(sheet(book, "Matrix").getCell("C50").dataValidation?.formulae).toEqual([
      '"Highly likely,Likely,Could,Unlikely,Highly unlikely"',
    ]);
    expect(sheet(book, "Evidence").getCell("F50").dataValidation?.formulae).toEqual(['"A,B,C,D,E,F"']);
    expect(sheet(book, "Links").getCell("C50").dataValidation?.formulae).toEqual(['"present,absent"']);
    const created = await importWorkbook(getDb(), world.owner, world.teamA.id, new Uint8Array(template), "t.xlsx", {
      mode: "create",
    });
    const state = await loadAssessmentState(getDb(), created.id);
    expect(state?.scenarios).toHaveLength(3);
    expect(state?.indicators).toHaveLength(1);
    expect(Object.values(state?.evidence[0]?.links ?? {})).toEqual([1]);
  });
});
