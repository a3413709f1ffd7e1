// Opening the workspace in Chromium, timed (issue 13 §7): navigation → first matrix cell visible →
// live (hydrated, the change subscription requested) → every matrix row rendered (a large matrix
// renders its first rows with the page and the rest in idle batches once live), the HTML's request
// → last byte, and the renderer's main-thread CPU time from the navigation to live, read from a
// Chromium trace: thread time, not wall time, so it holds on a machine shared with other work.
import type { Browser, Page } from "@playwright/test";

export interface PageOpen {
  /** Navigation → the first matrix cell visible, ms. */
  visible: number;
  /** Navigation → live: hydrated, the workspace.onChange subscription requested, ms. */
  interactive: number;
  /** Navigation → the last matrix row rendered, ms. */
  complete: number;
  /** The page's HTML, request → last byte (Navigation Timing), ms. */
  html: number;
}

/**
 * Opens the workspace and waits until every one of its `rows` matrix rows is in the page, so the
 * next open starts from a page that has finished its own work, as an analyst's next page does.
 */
export async function openWorkspace(page: Page, url: string, rows: number): Promise<PageOpen> {
  const subscribed = page.waitForRequest((r) => r.url().includes("/api/trpc/workspace.onChange"), {
    timeout: 120_000,
  });
  const started = performance.now();
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await page.locator('[data-cell="0:0"]').waitFor({ state: "visible", timeout: 120_000 });
  const visible = performance.now() - started;
  await subscribed;
  const interactive = performance.now() - started;
  await page.locator(`[data-cell="${rows - 1}:0"]`).waitFor({ state: "attached", timeout: 120_000 });
  const complete = performance.now() - started;
  const html = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return nav ? nav.responseEnd - nav.requestStart : Number.NaN;
  });
  return { visible, interactive, complete, html };
}

/** A main-thread task in a trace (the name depends on the categories traced; nested ones are skipped). */
const TASKS = new Set(["ThreadControllerImpl::RunTask", "RunTask"]);

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string } };
}

/**
 * One open of `url` under a Chromium trace: the main thread's CPU time (the thread time of its
 * top-level tasks) from the page's request to the workspace.onChange request, in ms.
 */
export async function mainThreadCpuToLive(browser: Browser, page: Page, url: string, rows: number): Promise<number> {
  await browser.startTracing(page, { categories: ["devtools.timeline", "loading", "toplevel"] });
  await openWorkspace(page, url, rows);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString("utf8")) as { traceEvents: TraceEvent[] };
  const requestOf = (part: string) =>
    traceEvents.find((e) => e.name === "ResourceSendRequest" && (e.args?.data?.url ?? "").includes(part));
  const path = new URL(url).pathname;
  const from = traceEvents.find(
    (e) => e.name === "ResourceSendRequest" && new URL(e.args?.data?.url ?? "http://x/").pathname === path,
  );
  const to = requestOf("/api/trpc/workspace.onChange");
  if (!from || !to) throw new Error("the trace holds no request for the page or for workspace.onChange");
  const mains = new Set(
    traceEvents
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // Per renderer main thread, the tasks in the window that no other task contains; the page's
  // renderer is the busiest one.
  const tasks = traceEvents
    .filter((e) => e.ph === "X" && TASKS.has(e.name) && mains.has(`${e.pid}:${e.tid}`))
    .filter((e) => e.ts >= from.ts && e.ts <= to.ts)
    .sort((a, b) => a.ts - b.ts);
  const cpu = new Map<string, number>();
  const end = new Map<string, number>();
  for (const task of tasks) {
    const thread = `${task.pid}:${task.tid}`;
    if (task.ts < (end.get(thread) ?? 0)) continue;
    end.set(thread, task.ts + (task.dur ?? 0));
    cpu.set(thread, (cpu.get(thread) ?? 0) + (task.tdur ?? task.dur ?? 0));
  }
  return Math.max(0, ...cpu.values()) / 1000;
}
