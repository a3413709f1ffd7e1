// Several people in one spec, each in a browser context of their own with their own client address:
// the suite's server believes X-Forwarded-For from loopback (SIGNPOST_TRUSTED_PROXIES), so the sign-in
// rate limit (10 a minute) counts per person, not for the whole machine. An uncaught error in any of a
// person's pages fails the step it happened in.
import { type Browser, type BrowserContext, expect, type Page, type TestInfo, test } from "@playwright/test";

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in any of this person's pages since the step began. */
  errors: string[];
}

/**
 * The people of a serial spec: `add` opens a person's context; the hooks registered here clear their
 * errors before each step, fail a step with any, and close every context after the spec.
 */
export function peopleOfSpec() {
  const people: Person[] = [];
  test.beforeEach(() => {
    for (const p of people) p.errors.length = 0;
  });
  test.afterEach(() => {
    expect(
      people.flatMap((p) => p.errors),
      "uncaught errors in the page",
    ).toEqual([]);
  });
  test.afterAll(async () => {
    for (const p of people) await p.context.close();
  });
  return {
    async add(
      browser: Browser,
      testInfo: TestInfo,
      address: string,
      viewport = testInfo.project.use.viewport ?? null,
    ): Promise<Person> {
      const context = await browser.newContext({
        baseURL: testInfo.project.use.baseURL,
        viewport,
        extraHTTPHeaders: { "x-forwarded-for": address },
      });
      const person: Person = { context, page: await context.newPage(), errors: [] };
      context.on("page", (p) => {
        if (p !== person.page) p.on("pageerror", (e) => person.errors.push(e.message));
      });
      person.page.on("pageerror", (e) => person.errors.push(e.message));
      people.push(person);
      return person;
    },
  };
}
