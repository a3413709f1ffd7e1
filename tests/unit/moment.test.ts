// Naming a moment (shared/moment.ts): every form a URL may take on the workspace, the brief and
// the export route, each refusal naming its parameter and the fix, the compare page's one-value
// ends, the writers that give back what the reader reads, and the tRPC schema.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  briefHref,
  comparedMoment,
  comparedMomentQuery,
  type MomentRef,
  momentParam,
  momentQuery,
  momentRefSchema,
  parseDateTime,
  parseMomentParam,
  parseUtcInput,
  queryValue,
  readMomentQuery,
  utcInputToIso,
  workspaceHref,
} from "@/shared/moment";

const refused = (result: ReturnType<typeof readMomentQuery>) => {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
};

describe("readMomentQuery: the workspace", () => {
  it("reads every form of a moment", () => {
    expect(readMomentQuery({})).toEqual({
      ok: true,
      moment: undefined,
      compareTo: undefined,
      compareToParam: undefined,
    });
    expect(readMomentQuery({ seq: "12" })).toMatchObject({ ok: true, moment: { seq: 12 } });
    expect(readMomentQuery({ at: "2024-12-12T08:00:00Z" })).toMatchObject({
      ok: true,
      moment: { at: "2024-12-12T08:00:00.000Z" },
    });
    expect(readMomentQuery({ asOf: "2024-12-12T10:00+02:00" })).toMatchObject({
      moment: { at: "2024-12-12T08:00:00.000Z" },
    });
    expect(readMomentQuery({ at: "2024-12-12T08:00" })).toMatchObject({ moment: { at: "2024-12-12T08:00:00.000Z" } });
    expect(readMomentQuery({ at: "2024-12-12" })).toMatchObject({ moment: { at: "2024-12-12T00:00:00.000Z" } });
    expect(readMomentQuery({ baseline: "b-1" })).toMatchObject({ moment: { baselineId: "b-1" } });
  });

  it("takes the first of repeated values, trims, and reads blank as absent", () => {
    expect(readMomentQuery({ seq: ["3", "4"] })).toMatchObject({ moment: { seq: 3 } });
    expect(readMomentQuery({ seq: " 7 " })).toMatchObject({ moment: { seq: 7 } });
    expect(readMomentQuery({ seq: "", at: "  ", baseline: "" })).toMatchObject({ ok: true, moment: undefined });
    expect(readMomentQuery(new URLSearchParams("seq=5&seq=6"))).toMatchObject({ moment: { seq: 5 } });
    expect(queryValue({ a: [] }, "a")).toBeUndefined();
  });

  it("ignores compareTo where nothing is compared", () => {
    expect(readMomentQuery({ compareTo: "b-1" })).toEqual({
      ok: true,
      moment: undefined,
      compareTo: undefined,
      compareToParam: undefined,
    });
  });

  it("refuses what is not a change number, naming seq and how to write it", () => {
    for (const bad of ["0", "-2", "1.5", "x", "1e3", "99999999999999999999"]) {
      const r = refused(readMomentQuery({ seq: bad }));
      expect(r.param, bad).toBe("seq");
      expect(r.error).toContain(`seq='${bad}'`);
      expect(r.error).toContain("seq=12");
    }
  });

  it("refuses what is not a date-time, naming the parameter as written", () => {
    for (const param of ["at", "asOf"]) {
      for (const bad of ["yesterday", "2024-13-45T99:00:00Z", "2024-12-12T8:00", "12/12/2024", "2024-12-12Z"]) {
        const r = refused(readMomentQuery({ [param]: bad }));
        expect(r.param, bad).toBe(param);
        expect(r.error).toContain(`${param}='${bad}'`);
        expect(r.error).toContain(`${param}=2024-12-13T18:00:00Z`);
      }
    }
  });

  it("refuses a moment named two ways, naming the second", () => {
    const r = refused(readMomentQuery({ seq: "3", at: "2024-12-12T08:00:00Z" }));
    expect(r.param).toBe("at");
    expect(r.error).toBe("Name the moment one way: seq= and at= are both given; keep one of them");
    expect(refused(readMomentQuery({ at: "2024-12-12", asOf: "2024-12-12" })).param).toBe("asOf");
    expect(refused(readMomentQuery({ seq: "3", baseline: "b" })).param).toBe("baseline");
  });

  it("refuses a baseline id longer than any id", () => {
    const r = refused(readMomentQuery({ baseline: "b".repeat(65) }));
    expect(r.param).toBe("baseline");
    expect(r.error).toContain("choose a baseline on the History tab");
    expect(readMomentQuery({ baseline: "b".repeat(64) }).ok).toBe(true);
  });
});

describe("readMomentQuery: the brief and the export route", () => {
  const compare = { compare: true };

  it("reads the moment and compareTo; `baseline=` is compareTo's older name", () => {
    expect(readMomentQuery({ at: "2024-12-12T08:00:00Z", compareTo: "b1" }, compare)).toEqual({
      ok: true,
      moment: { at: "2024-12-12T08:00:00.000Z" },
      compareTo: "b1",
      compareToParam: "compareTo",
    });
    expect(readMomentQuery({ asOf: "2024-12-12T08:00:00Z", baseline: "b1" }, compare)).toEqual({
      ok: true,
      moment: { at: "2024-12-12T08:00:00.000Z" },
      compareTo: "b1",
      compareToParam: "baseline",
    });
    expect(readMomentQuery({ baseline: "b1", compareTo: "b1" }, compare)).toMatchObject({
      compareTo: "b1",
      compareToParam: "compareTo",
    });
  });

  // The brief page's reader before shared/moment.ts (briefQuery), case by case.
  it("reads asOf (or at), else a whole seq, and the baseline", () => {
    expect(readMomentQuery({ asOf: "2024-12-12T08:00:00Z", baseline: "b1" }, compare)).toMatchObject({
      moment: { at: "2024-12-12T08:00:00.000Z" },
      compareTo: "b1",
    });
    expect(readMomentQuery({ at: ["2024-12-12T08:00:00Z", "x"] }, compare)).toMatchObject({
      moment: { at: "2024-12-12T08:00:00.000Z" },
    });
    expect(readMomentQuery({ seq: "12" }, compare)).toEqual({
      ok: true,
      moment: { seq: 12 },
      compareTo: undefined,
      compareToParam: undefined,
    });
    // A seq that is not a whole number names no moment: refused now, where it was ignored.
    const fraction = readMomentQuery({ seq: "1.5" }, compare);
    expect(fraction.ok).toBe(false);
    expect(refused(fraction).param).toBe("seq");
    expect(readMomentQuery({ asOf: "  ", baseline: "" }, compare)).toEqual({
      ok: true,
      moment: undefined,
      compareTo: undefined,
      compareToParam: undefined,
    });
  });

  it("never reads a moment from `baseline=` there", () => {
    expect(readMomentQuery({ baseline: "b1" }, compare)).toMatchObject({ moment: undefined, compareTo: "b1" });
    expect(readMomentQuery({ seq: "3", baseline: "b1" }, compare)).toMatchObject({ moment: { seq: 3 } });
  });

  it("refuses two different baselines under both names, and an id too long", () => {
    const r = refused(readMomentQuery({ compareTo: "b1", baseline: "b2" }, compare));
    expect(r.param).toBe("baseline");
    expect(r.error).toContain("give compareTo= alone");
    expect(refused(readMomentQuery({ compareTo: "c".repeat(65) }, compare)).param).toBe("compareTo");
    expect(refused(readMomentQuery({ baseline: "c".repeat(65) }, compare)).param).toBe("baseline");
  });
});

describe("writing a moment into a URL", () => {
  const at = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
    .map((ms) => new Date(ms).toISOString());
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

  it("writes a workspace moment back the way it reads it", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant(undefined),
          fc.record({ seq: fc.integer({ min: 1, max: 1_000_000 }) }),
          fc.record({ at }),
          fc.record({ baselineId: id }),
        ),
        (moment: MomentRef | undefined) => {
          expect(readMomentQuery(momentQuery(moment))).toEqual({
            ok: true,
            moment,
            compareTo: undefined,
            compareToParam: undefined,
          });
        },
      ),
    );
  });

  it("writes a brief's moment and baseline back the way it reads them", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(undefined), fc.record({ seq: fc.integer({ min: 1, max: 1_000_000 }) }), fc.record({ at })),
        fc.option(id, { nil: undefined }),
        (moment, compareTo) => {
          expect(readMomentQuery(comparedMomentQuery(moment, compareTo), { compare: true })).toEqual({
            ok: true,
            moment,
            compareTo,
            compareToParam: compareTo === undefined ? undefined : "compareTo",
          });
        },
      ),
    );
  });

  it("builds the workspace and brief links", () => {
    expect(workspaceHref("a1", undefined)).toBe("/assessments/a1");
    expect(workspaceHref("a1", {})).toBe("/assessments/a1");
    expect(workspaceHref("a1", { seq: 14 })).toBe("/assessments/a1?seq=14");
    expect(workspaceHref("a1", { baselineId: "b 1" })).toBe("/assessments/a1?baseline=b+1");
    expect(workspaceHref("a1", { at: "2024-12-12T08:00:00.000Z" })).toBe(
      "/assessments/a1?at=2024-12-12T08%3A00%3A00.000Z",
    );
    expect(briefHref("a1", undefined)).toBe("/assessments/a1/brief");
    expect(briefHref("a1", { seq: 3 }, "b1")).toBe("/assessments/a1/brief?seq=3&compareTo=b1");
    expect(briefHref("a1", undefined, "")).toBe("/assessments/a1/brief");
  });

  it("keeps a comparing page's moment to a change number or a time", () => {
    expect(comparedMoment({ seq: 2 })).toEqual({ seq: 2 });
    expect(comparedMoment({ at: "2024-12-12T08:00:00.000Z" })).toEqual({ at: "2024-12-12T08:00:00.000Z" });
    expect(comparedMoment({ baselineId: "b" })).toBeUndefined();
    expect(comparedMoment(undefined)).toBeUndefined();
  });
});

describe("the compare page's ends (from=, to=)", () => {
  it("reads every form of a moment", () => {
    expect(parseMomentParam(undefined)).toEqual({ ok: true, ref: undefined });
    expect(parseMomentParam("")).toEqual({ ok: true, ref: undefined });
    expect(parseMomentParam("now")).toEqual({ ok: true, ref: {} });
    expect(parseMomentParam("baseline:b-1")).toEqual({ ok: true, ref: { baselineId: "b-1" } });
    expect(parseMomentParam("seq:12")).toEqual({ ok: true, ref: { seq: 12 } });
    expect(parseMomentParam(["seq:3", "seq:4"])).toEqual({ ok: true, ref: { seq: 3 } });
    expect(parseMomentParam("at:2024-12-12T08:00:00Z")).toEqual({ ok: true, ref: { at: "2024-12-12T08:00:00.000Z" } });
  });

  it("reads a date-time without a zone as UTC and one with an offset in UTC", () => {
    expect(parseMomentParam("at:2024-12-12T08:00")).toEqual({ ok: true, ref: { at: "2024-12-12T08:00:00.000Z" } });
    expect(parseMomentParam("at:2024-12-12T10:00+02:00")).toEqual({
      ok: true,
      ref: { at: "2024-12-12T08:00:00.000Z" },
    });
  });

  it("refuses what names no moment, saying how to write one", () => {
    for (const bad of [
      "seq:0",
      "seq:-2",
      "seq:1.5",
      "seq:x",
      "at:yesterday",
      "at:2024-13-40T99:00Z",
      "baseline:",
      "soon",
    ]) {
      const parsed = parseMomentParam(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(bad);
    }
  });

  it("names the end at fault and how to write it", () => {
    const to = parseMomentParam("seq:0", "to");
    expect(to).toEqual({ ok: false, param: "to", error: "to='seq:0' is not a change number: write to=seq:12" });
    const from = parseMomentParam("at:soon");
    expect(from.ok ? null : from.param).toBe("from");
    expect(from.ok ? null : from.error).toContain("from=at:2024-12-12T08:00:00Z");
    const other = parseMomentParam("soon", "to");
    expect(other.ok ? null : other.error).toContain("use now, baseline:<id>, seq:<n> or at:<date-time>");
  });

  it("writes a moment back the way it reads it", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant({}),
          fc.record({ seq: fc.integer({ min: 1, max: 1_000_000 }) }),
          fc.record({ baselineId: fc.uuid() }),
          fc
            .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
            .map((ms) => ({ at: new Date(ms).toISOString() })),
        ),
        (ref) => {
          const param = momentParam(ref);
          expect(parseMomentParam(param)).toEqual({ ok: true, ref });
        },
      ),
    );
    expect(momentParam(undefined)).toBeUndefined();
  });
});

describe("date-times", () => {
  it("reads a URL's date-time as UTC ISO", () => {
    expect(parseDateTime("2024-12-12T08:00:00Z")).toBe("2024-12-12T08:00:00.000Z");
    expect(parseDateTime("2024-12-12T10:00+02:00")).toBe("2024-12-12T08:00:00.000Z");
    expect(parseDateTime("2024-12-12T08:00")).toBe("2024-12-12T08:00:00.000Z");
    expect(parseDateTime("2024-12-12")).toBe("2024-12-12T00:00:00.000Z");
    expect(parseDateTime("2024-12-12T08:00:30.5Z")).toBe("2024-12-12T08:00:30.500Z");
    expect(parseDateTime("yesterday")).toBeNull();
    expect(parseDateTime("2024-13-45T99:00:00Z")).toBeNull();
  });

  it("reads a datetime-local value as UTC", () => {
    expect(utcInputToIso("2024-12-12T10:00")).toBe("2024-12-12T10:00:00.000Z");
    expect(utcInputToIso("2024-12-12")).toBeNull();
    expect(utcInputToIso("2024-13-12T10:00")).toBeNull();
    expect(parseUtcInput("2024-12-12T08:00Z")).toBeNull();
  });
});

describe("momentRefSchema (the tRPC inputs)", () => {
  it("takes one way of naming a moment, or none for now", () => {
    expect(momentRefSchema.parse({})).toEqual({});
    expect(momentRefSchema.parse({ seq: 3 })).toEqual({ seq: 3 });
    expect(momentRefSchema.parse({ at: "2024-12-12T08:00:00.000Z" })).toEqual({ at: "2024-12-12T08:00:00.000Z" });
    expect(momentRefSchema.parse({ baselineId: " b1 " })).toEqual({ baselineId: "b1" });
  });

  it("refuses two ways at once, and each malformed way with its reason", () => {
    const issues = (value: unknown) => momentRefSchema.safeParse(value).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ seq: 3, at: "2024-12-12T08:00:00Z" })).toEqual([
      "Name the moment one way: a change number, a date-time or a baseline",
    ]);
    expect(issues({ seq: 0 })).toEqual(["Change numbers start at 1"]);
    expect(issues({ seq: 1.5 })).toEqual(["A change number is a whole number"]);
    expect(issues({ at: "yesterday" })).toEqual(["Give the moment as an ISO date-time such as 2024-12-12T08:00:00Z"]);
  });

  it("accepts every moment the URL reader gives", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 1, max: 1_000_000 }).map((n) => ({ seq: String(n) })),
          fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => ({
            at: new Date(ms).toISOString().slice(0, 16),
          })),
          fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).map((baseline) => ({ baseline })),
        ),
        (query) => {
          const read = readMomentQuery(query);
          if (!read.ok) throw new Error(read.error);
          expect(momentRefSchema.safeParse(read.moment).success).toBe(true);
        },
      ),
    );
  });
});
