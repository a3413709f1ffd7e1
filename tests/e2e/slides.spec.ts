// The PowerPoint brief (issue 16 §1) in real Chromium against the production server: the brief
// page's Export menu offers it, the download is a deck named like the other files whose bottom-line
// slide says what the page says, with the marking on the layout of every slide; the workspace and
// history menus offer it too, at the moment they show. Screenshots of the open menu at 1440 and 1024.
//
// Self-sufficient: on a fresh database it creates the first account itself (./helpers.ts).
import { readFile } from "node:fs/promises";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { paragraphsOf, zipEntries } from "../integration/zip-entries";
import { DEMO_TITLE, fetchAssessment, signInOwner } from "./helpers";

test.describe.configure({ mode: "serial", retries: 0 });

const SHOTS = process.env.SLIDES_SHOTS_DIR;

let context: BrowserContext;
let page: Page;
let demoId = "";
const errors: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1440, height: 900 },
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.61" },
  });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
});
test.afterEach(() => {
  expect(errors, "uncaught errors in the page").toEqual([]);
});
test.afterAll(async () => {
  await context?.close();
});

function exportItem(name: RegExp) {
  return page.getByRole("menu").getByRole("menuitem", { name });
}

test("the brief's Export menu downloads the PowerPoint deck, its bottom line the page's", async () => {
  await signInOwner(page);
  const link = page.getByRole("main").getByRole("link", { name: DEMO_TITLE });
  demoId = ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "";
  expect(demoId).not.toBe("");

  await page.goto(`/assessments/${demoId}/brief`);
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  const bluf = await page.getByRole("region", { name: "Bottom line up front" }).getByRole("listitem").allInnerTexts();
  expect(bluf.length).toBeGreaterThan(0);
  const { handling: marking } = (await fetchAssessment(page.request, demoId)).state;

  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole("button", { name: "Export" }).click();
    const item = exportItem(/^PowerPoint/);
    await expect(item).toBeVisible();
    await expect(item).toContainText("the brief as slides, editable charts");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/brief-export-menu-${width}.png` });
    if (width === 1024) break;
    await page.keyboard.press("Escape");
  }
  const href = await exportItem(/^PowerPoint/).getAttribute("href");
  expect(href).toContain("format=pptx");

  const download = page.waitForEvent("download");
  await exportItem(/^PowerPoint/).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}-russian-military-posture-in-syria\.pptx$/);
  const deck = zipEntries(await readFile(await file.path()));
  const xml = (name: string) => deck.get(name)?.toString("utf8") ?? "";
  const slides = [...deck.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  expect(slides.length).toBeGreaterThanOrEqual(7);
  const blufSlide = paragraphsOf(xml("ppt/slides/slide2.xml"));
  expect(blufSlide).toContain("Bottom line up front");
  for (const sentence of bluf) expect(blufSlide).toContain(sentence.trim());
  // Each slide's layout carries the marking at its top and bottom.
  for (const slide of slides) {
    const rels = xml(slide.replace("slides/", "slides/_rels/").concat(".rels"));
    const layout = /slideLayouts\/(slideLayout\d+\.xml)/.exec(rels)?.[1] ?? "";
    const text = paragraphsOf(xml(`ppt/slideLayouts/${layout}`));
    expect(
      text.filter((p) => p === marking),
      slide,
    ).toHaveLength(2);
  }
  // A native chart, not a picture of one.
  expect([...deck.keys()].some((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
  expect([...deck.keys()].some((n) => n.startsWith("ppt/media/"))).toBe(false);
});

test("the workspace and history menus offer the deck too, the workspace at the moment it shows", async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/assessments/${demoId}/history`);
  await page.getByRole("button", { name: "Export" }).click();
  await expect(exportItem(/^PowerPoint/)).toHaveAttribute("href", `/api/assessments/${demoId}/export?format=pptx`);
  await page.keyboard.press("Escape");

  await page.goto(`/assessments/${demoId}?seq=3`);
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Export" }).click();
  const href = (await exportItem(/^PowerPoint/).getAttribute("href")) ?? "";
  expect(href).toContain("format=pptx");
  expect(href).toMatch(/[?&]at=/);
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  );
  const title = paragraphsOf(
    zipEntries(await response.body())
      .get("ppt/slides/slide1.xml")
      ?.toString("utf8") ?? "",
  );
  expect(title.join("\n")).toMatch(/\(change 3 of \d+\)/);
});
