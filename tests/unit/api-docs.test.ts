// docs/api.md is the API's reference: it must list every procedure the router has, and no
// procedure the router does not have, so it cannot fall behind a change to server/routers.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/root";

const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/api.md"), "utf8");

/** Procedures named in the first cell of a table row: "| `area.name` (query) | …". */
const documented = [...doc.matchAll(/^\| `([a-z]\w*\.[a-z]\w*)`/gim)].map((m) => m[1] as string);
const procedures = Object.keys(appRouter._def.procedures);

describe("docs/api.md", () => {
  it("documents every procedure of the router", () => {
    expect(procedures.filter((p) => !documented.includes(p))).toEqual([]);
  });

  it("documents no procedure the router lacks, and each once", () => {
    expect(documented.filter((p) => !procedures.includes(p))).toEqual([]);
    expect(documented.filter((p, i) => documented.indexOf(p) !== i)).toEqual([]);
  });

  it("reads the router (a check that finds nothing would pass anything)", () => {
    expect(procedures.length).toBeGreaterThan(40);
    expect(documented.length).toBe(procedures.length);
  });
});
