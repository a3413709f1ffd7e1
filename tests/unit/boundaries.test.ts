// The dependency directions of STYLE.md ("The house") are enforced by Biome's noRestrictedImports
// overrides in biome.json, so a wrong import fails `npm run lint`. Each case below writes one
// probe file into a copy of the layout beside the real biome.json and lints it: the wrong imports
// must be refused with the rule, and the right ones accepted (so the rule is not simply refusing
// everything).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const biome = path.join(root, "node_modules", ".bin", "biome");
let sandbox: string;

beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-boundaries-"));
  const config = JSON.parse(fs.readFileSync(path.join(root, "biome.json"), "utf8")) as Record<string, unknown>;
  delete config.$schema;
  fs.writeFileSync(path.join(sandbox, "biome.json"), JSON.stringify(config));
});

afterAll(() => {
  fs.rmSync(sandbox, { recursive: true, force: true });
});

/** Lints a file at `file` (a path in the layout) that holds `source`; the restricted-import messages. */
function lint(file: string, source: string): { refused: boolean; output: string } {
  const full = path.join(sandbox, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, `${source}\nexport const probe = [imported];\n`);
  try {
    const run = spawnSync(biome, ["lint", "--max-diagnostics=20", file], { cwd: sandbox, encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    return { refused: output.includes("lint/style/noRestrictedImports"), output };
  } finally {
    fs.rmSync(full);
  }
}

const wrong: [file: string, source: string, why: string][] = [
  ["shared/engine/probe.ts", 'import { imported } from "@/db/connection";', "engine → db"],
  ["shared/engine/probe.ts", 'import { imported } from "@/shared/format";', "engine → the rest of shared/"],
  [
    "shared/engine/probe.ts",
    'import { imported } from "../assessment/state";',
    "engine → a sibling by a relative path",
  ],
  ["shared/engine/probe.ts", 'import imported from "node:fs";', "engine → Node"],
  ["shared/engine/probe.ts", 'import { imported } from "zod";', "engine → validation"],
  ["shared/assessment/probe.ts", 'import { imported } from "@/server/assessments/commit";', "shared → server"],
  ["shared/probe.ts", 'import { imported } from "@/db/schema";', "shared → db"],
  ["shared/probe.ts", 'import { imported } from "drizzle-orm";', "shared → the ORM"],
  ["app/probe.tsx", 'import { imported } from "@/db/connection";', "app → db"],
  ["app/probe.tsx", 'import { imported } from "@/env";', "app → the server's environment"],
  ["app/(app)/x/probe.tsx", 'import { imported } from "drizzle-orm";', "app → the ORM"],
  ["db/probe.ts", 'import { imported } from "@/server/assessments/commit";', "db → the domain"],
  ["server/assessments/probe.ts", 'import { imported } from "@/server/history/timeline";', "writes → history"],
  ["server/history/probe.ts", 'import { imported } from "@/server/routers/history";', "domain → routers"],
  ["server/export/probe.ts", 'import { imported } from "@/app/trpc/server";', "domain → app"],
  // The same directions by relative paths, which do not go through the "@/" alias.
  ["app/x/probe.tsx", 'import { imported } from "../../db/connection";', "app → db, relatively"],
  [
    "shared/assessment/probe.ts",
    'import { imported } from "../../server/assessments/commit";',
    "shared → server, relatively",
  ],
  ["db/probe.ts", 'import { imported } from "../server/demo/seed";', "db → the domain, relatively"],
  ["server/assessments/probe.ts", 'import { imported } from "../history/timeline";', "writes → history, relatively"],
  ["server/history/probe.ts", 'import { imported } from "../routers/history";', "domain → routers, relatively"],
];

const right: [file: string, source: string, why: string][] = [
  ["shared/engine/probe.ts", 'import { imported } from "./tables";', "engine → engine"],
  ["shared/assessment/probe.ts", 'import { imported } from "@/shared/engine";', "shared → engine"],
  ["shared/probe.ts", 'import { imported } from "zod";', "shared → zod"],
  ["app/probe.tsx", 'import { imported } from "@/shared/format";', "app → shared"],
  ["db/probe.ts", 'import { imported } from "@/shared/assessment/state";', "db → shared enums"],
  ["server/history/probe.ts", 'import { imported } from "@/server/assessments/replay";', "history → writes"],
  ["server/routers/probe.ts", 'import { imported } from "@/server/history/timeline";', "routers → domain"],
  ["server/assessments/probe.ts", 'import { imported } from "./commit";', "writes → writes, relatively"],
  ["app/probe.tsx", 'import { imported } from "@/shared/transformer";', "app → the shared wire format"],
];

describe("import boundaries (biome.json noRestrictedImports)", () => {
  it.each(wrong)("%s refuses %s (%s)", (file, source) => {
    const { refused, output } = lint(file, source);
    expect(refused, output).toBe(true);
  });

  it.each(right)("%s accepts %s (%s)", (file, source) => {
    const { refused, output } = lint(file, source);
    expect(refused, output).toBe(false);
  });
});
