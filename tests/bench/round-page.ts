// Opening a team round's page in Chromium, timed (issue 14: "the round page open ≤ 1 s"): from the
// navigation to the heat map and the list of disputes visible (a large scope opens with its first
// rows), and from "Show all" to the heat map's last row in the page, for a participant who has
// submitted (so the group view is theirs to see).
import type { Page } from "@playwright/test";

export interface RoundPageOpen {
  /** Navigation → the heat map's heading and the first dispute visible, ms. */
  visible: number;
  /** "Show all" clicked → the heat map's last row in the page, ms. */
  showAll: number;
}

/** ROUND_PAGE_SHOTS=<dir>: the first open is also photographed (1440 and 1024 wide), to look at. */
const SHOTS = process.env.ROUND_PAGE_SHOTS;
let shot = false;

async function photograph(page: Page, name: string, scrollTo?: ReturnType<Page["locator"]>) {
  if (!SHOTS) return;
  const size = page.viewportSize();
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    if (scrollTo) await scrollTo.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
  }
  if (size) await page.setViewportSize(size);
}

export async function openRoundPage(page: Page, url: string, lastIndicator: string): Promise<RoundPageOpen> {
  const started = performance.now();
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await page
    .getByRole("heading", { name: "Where the analysts differ" })
    .waitFor({ state: "visible", timeout: 120_000 });
  await page
    .getByRole("region", { name: "Disputes that matter" })
    .getByRole("listitem")
    .first()
    .waitFor({ state: "visible", timeout: 120_000 });
  const visible = performance.now() - started;
  const heat = page.getByRole("region", { name: "Where the analysts differ" });
  const photo = !shot && !!SHOTS;
  shot = true;
  if (photo) {
    await photograph(page, "round-page-open", heat);
    await photograph(page, "round-page-disputes", page.getByRole("region", { name: "Disputes that matter" }));
  }
  const more = heat.getByRole("button", { name: /^Show all/ });
  const clicked = performance.now();
  if (await more.count()) await more.click();
  await heat
    .getByRole("rowheader", { name: lastIndicator, exact: true })
    .waitFor({ state: "attached", timeout: 120_000 });
  const showAll = performance.now() - clicked;
  if (photo)
    await photograph(page, "round-page-show-all", heat.getByRole("rowheader", { name: lastIndicator, exact: true }));
  return { visible, showAll };
}
