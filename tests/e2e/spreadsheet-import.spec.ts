// Bringing an ACH matrix in through the import page (issue 16 §3), the way an analyst does it:
// choose a CSV, see how it maps before anything is saved, change one rating, create the
// assessment and land in its workspace with the ratings as adjusted.
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { DEMO_TITLE, fetchAssessment, signInOwner } from "./helpers";
import { trpcMutation } from "./trpc";

const ACH_CSV = [
  "Evidence,Credibility,Relevance,Full exit,Partial consolidation,Negotiated retention",
  "Prior,,,1,2,1",
  "An-124s loading at Khmeimim,High,High,CC,C,II",
  "Tartus unchanged,Medium,High,I,C,C",
  "Kremlin in talks on the bases,Low,Medium,II,N,CC",
  "Helicopters dismantled,High,,C,NA,",
].join("\n");

const shots = process.env.SHEETS_SHOTS_DIR;

// A client of its own (believed from loopback, as the e2e server trusts it): the sign-in limit counts
// per client, and the specs before this one sign in from 127.0.0.1 within the same minute.
test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.46" } });

test("an ACH matrix is previewed, adjusted and saved as a new assessment", async ({ page }) => {
  await signInOwner(page);
  await page.goto("/import");
  await expect(page.getByRole("heading", { name: "Bring a matrix in from a spreadsheet" })).toBeVisible();
  await page.getByLabel("Spreadsheet (.xlsx or .csv)").setInputFiles({
    name: "syria-ach.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(ACH_CSV),
  });
  await page.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByRole("form", { name: "ACH matrix preview" });
  await expect(preview.getByRole("heading", { name: "ACH matrix from syria-ach.csv" })).toBeVisible();
  await expect(preview.getByRole("list", { name: "How the matrix is mapped" })).toContainText("CC → Highly likely");
  await expect(preview.getByText("2 cells were NA or empty")).toBeVisible();
  // The mapping, cell by cell.
  const cell = (row: string, scenario: string) => preview.getByLabel(`${row} under ${scenario}`);
  await expect(cell("An-124s loading at Khmeimim", "Full exit")).toHaveValue("highly_likely");
  await expect(cell("Tartus unchanged", "Full exit")).toHaveValue("unlikely");
  await expect(cell("Kremlin in talks on the bases", "Negotiated retention")).toHaveValue("highly_likely");
  await expect(cell("Helicopters dismantled", "Partial consolidation")).toHaveValue("could");
  await expect(preview.getByLabel("Weight of Kremlin in talks on the bases, percent")).toHaveValue("18");
  await expect(preview.getByLabel("Prior of Partial consolidation")).toHaveValue("2");

  // Adjust one: the NA cell was a judgement left open; the analyst makes it.
  await cell("Helicopters dismantled", "Partial consolidation").selectOption("likely");
  await expect(preview.getByText("1 rating changed from the mapping.")).toBeVisible();
  await preview.getByLabel("Key question").fill("Will Russia keep a military presence in Syria by the horizon?");
  await preview.getByLabel("Title").fill("Syria bases (ACH import)");
  if (shots) {
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 1100 });
      await page.screenshot({ path: `${shots}/ach-preview-${width}.png`, fullPage: true });
    }
  }
  await preview.getByRole("button", { name: "Create the assessment" }).click();

  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Syria bases (ACH import)", level: 1 })).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/ach-imported-workspace.png` });
  const id = page.url().split("/").at(-1) ?? "";
  const { state } = await fetchAssessment(page.request, id);
  const [full, partial, retention] = state.scenarios.map((s) => s.id) as [string, string, string];
  expect(state.scenarios.map((s) => [s.name, s.prior])).toEqual([
    ["Full exit", 1],
    ["Partial consolidation", 2],
    ["Negotiated retention", 1],
  ]);
  expect(
    state.indicators.map((i) => [
      i.name,
      i.weight,
      i.expectations[full],
      i.expectations[partial],
      i.expectations[retention],
    ]),
  ).toEqual([
    ["An-124s loading at Khmeimim", 1, "highly_likely", "likely", "highly_unlikely"],
    ["Tartus unchanged", 0.6, "unlikely", "likely", "likely"],
    ["Kremlin in talks on the bases", 0.18, "highly_unlikely", "could", "highly_likely"],
    ["Helicopters dismantled", 1, "likely", "likely", "could"],
  ]);
});

test("a bad cell is refused naming the cell and the fix, and nothing is saved", async ({ page }) => {
  await signInOwner(page);
  await page.goto("/import");
  await page.getByLabel("Spreadsheet (.xlsx or .csv)").setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Evidence,A,B\nx,CC,Probable\n"),
  });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "bad!C2" })).toHaveText(
    "bad!C2: 'Probable' is not a consistency code; use CC, C, N, I, II or NA",
  );
  await expect(page.getByRole("form", { name: "ACH matrix preview" })).toHaveCount(0);
});

test("a workbook creates a copy of the demo, then, edited in a spreadsheet, is applied to the copy after a confirmation listing the edits", async ({
  page,
}) => {
  await signInOwner(page);
  await page.goto("/");
  const href = await page.getByRole("main").getByRole("link", { name: DEMO_TITLE }).getAttribute("href");
  const demoId = href?.split("/").at(-1) ?? "";
  const upload = async (name: string, bytes: Buffer) => {
    await page.goto("/import");
    await page
      .getByLabel("Spreadsheet (.xlsx or .csv)")
      .setInputFiles({ name, mimeType: "application/octet-stream", buffer: bytes });
    await page.getByRole("button", { name: "Preview" }).click();
    return page.getByRole("region", { name: "Signpost workbook" });
  };
  // A copy, so the demo the later specs read is left as it is.
  const demoFile = await page.request.get(`/api/assessments/${demoId}/export?format=xlsx`);
  expect(demoFile.status()).toBe(200);
  const first = await upload("demo.xlsx", await demoFile.body());
  await expect(first.getByText("The workbook says what the assessment already says: nothing to apply.")).toBeVisible();
  await first.getByRole("button", { name: "Create a new assessment from it" }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  const copyId = page.url().split("/").at(-1) ?? "";
  expect(copyId).not.toBe(demoId);
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();

  const exported = await page.request.get(`/api/assessments/${copyId}/export?format=xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exported.body()) as unknown as ArrayBuffer);
  const matrix = wb.getWorksheet("Matrix");
  if (!matrix) throw new Error("no Matrix sheet");
  const indicator = String(matrix.getCell("A2").value);
  const scenario = String(matrix.getCell("C1").value);
  const after = String(matrix.getCell("C2").value) === "Unlikely" ? "Likely" : "Unlikely";
  matrix.getCell("C2").value = after;
  const section = await upload("copy-edited.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
  await expect(section.getByRole("list", { name: "What will change" })).toHaveText(
    `Rated '${indicator}' under '${scenario}' as ${after.toLowerCase()}`,
  );
  await section.getByLabel("Why (kept with the change in the history)").fill("Matrix reviewed offline");
  if (shots) {
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/workbook-confirm-${width}.png`, fullPage: true });
    }
  }
  await section.getByRole("button", { name: `Apply 1 edit to “${DEMO_TITLE}”` }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${copyId}$`));
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  const { state } = await fetchAssessment(page.request, copyId);
  const scenarioId = state.scenarios.find((s) => s.name === scenario)?.id ?? "";
  expect(state.indicators.find((i) => i.name === indicator)?.expectations[scenarioId]).toBe(after.toLowerCase());
  expect(state.version).toBe(2);

  // The copy bears the demo's title: archived, so the specs after this one find one demo on the list.
  await trpcMutation(page.request, test.info().project.use.baseURL ?? "", "assessments.setArchived", {
    assessmentId: copyId,
    version: state.version,
    archived: true,
  });
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("link", { name: DEMO_TITLE })).toHaveCount(1);
});
