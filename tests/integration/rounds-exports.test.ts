// Team rounds in the brief and the exports (issue 14): the brief's team range from the last round
// adopted up to its moment; every export format (PDF through poppler, Word's XML, Markdown, JSON)
// carrying a round's judgements only to whom DESIGN §2.9 shows them: nothing of an open round to
// an owner who did not take part, everything that counts once it closes; and undo stopping at an
// adoption instead of reverting the edit before it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { buildBrief } from "@/server/export/brief";
import { type ExportFormat, exportFile } from "@/server/export/files";
import { renderMarkdown } from "@/server/export/markdown";
import { formatProbabilityRange } from "@/shared/format";
import {
  buildWorld,
  createAccount,
  expectRefusal,
  joinTeam,
  newAssessmentInput,
  type TestUser,
  type World,
} from "./harness";
import { editAt, eventsOf } from "./workspace-helpers";

let world: World;
let bea: TestUser;
let cal: TestUser;
let dir: string;

beforeAll(async () => {
  world = await buildWorld();
  bea = await createAccount("bea@example.org", "Bea Analyst");
  cal = await createAccount("cal@example.org", "Cal Analyst");
  await joinTeam(world.owner, world.teamA.id, bea, "analyst");
  await joinTeam(world.owner, world.teamA.id, cal, "analyst");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rounds-exports-"));
}, 60_000);
afterAll(async () => {
  await world?.db.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const at = <T>(list: readonly T[], k: number): T => {
  const v = list[k];
  if (v === undefined) throw new Error(`No item ${k}`);
  return v;
};

async function fixture(title: string) {
  const owner = world.owner.caller;
  const { id } = await owner.assessments.create({
    ...newAssessmentInput(world.teamA.id, title),
    scenarios: [
      { name: "Full exit", prior: 0.3 },
      { name: "Partial consolidation", prior: 0.4 },
      { name: "Negotiated retention", prior: 0.3 },
    ],
  });
  let view = await owner.assessments.get({ assessmentId: id });
  const scenarios = view.state.scenarios.map((s) => s.id);
  for (const [k, name] of ["S-400 moved", "An-124 airlift", "Tartus unchanged"].entries()) {
    view = await editAt(owner, view, "addIndicator", {
      name,
      expectations: Object.fromEntries(scenarios.map((s, i) => [s, i === k ? "likely" : "could"])),
    });
  }
  view = await editAt(owner, view, "addEvidence", {
    title: "Imagery of 13 Dec",
    sourceName: "Maxar",
    sourceKind: "imagery",
    reliability: "B",
    credibility: 2,
    observedAt: "2024-12-13",
    links: [{ indicatorId: at(view.state.indicators, 0).id, direction: 1 }],
  });
  return { id, scenarios, indicators: view.state.indicators.map((i) => i.id) };
}

// ── Reading each format as a person would ──────────────────────────────────

function unzip(archive: Buffer): Map<string, string> {
  const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = archive.readUInt16LE(eocd + 10);
  let pos = archive.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let k = 0; k < entries; k++) {
    const method = archive.readUInt16LE(pos + 10);
    const size = archive.readUInt32LE(pos + 20);
    const nameLength = archive.readUInt16LE(pos + 28);
    const extra = archive.readUInt16LE(pos + 30) + archive.readUInt16LE(pos + 32);
    const local = archive.readUInt32LE(pos + 42);
    const name = archive.subarray(pos + 46, pos + 46 + nameLength).toString("utf8");
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    files.set(name, (method === 8 ? zlib.inflateRawSync(data) : data).toString("utf8"));
    pos += 46 + nameLength + extra;
  }
  return files;
}

let fileCount = 0;
/** The text a reader of the file sees: pdftotext for a PDF, the document's XML text for Word. */
async function exported(user: TestUser, assessmentId: string, format: ExportFormat): Promise<string> {
  const file = await exportFile(getDb(), user.id, assessmentId, { format });
  if (format === "pdf") {
    const name = path.join(dir, `brief-${fileCount++}.pdf`);
    fs.writeFileSync(name, file.body);
    return execFileSync("pdftotext", ["-layout", name, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  }
  if (format === "docx") {
    const xml = unzip(Buffer.from(file.body as Uint8Array)).get("word/document.xml") ?? "";
    // Runs joined, entities read back: the words as Word shows them.
    return xml
      .replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, "")}\n`)
      .replace(/<[^>]+>/g, "")
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  }
  return typeof file.body === "string" ? file.body : Buffer.from(file.body).toString("utf8");
}

const FORMATS: ExportFormat[] = ["pdf", "docx", "md", "json"];
const SECRETS = ["SECRETANA", "SECRETBEA", "SECRETCAL", "exactly 83 %", "exactly 17 %"];

describe("rounds in the exports (DESIGN §2.9)", () => {
  it("give an owner who did not take part nothing of an open round, and the judgements once it closes", async () => {
    const f = await fixture("Exported round");
    const [i0, i1] = [at(f.indicators, 0), at(f.indicators, 1)];
    const [s0, s1] = [at(f.scenarios, 0), at(f.scenarios, 1)];
    const round = await world.analyst.caller.rounds.open({
      assessmentId: f.id,
      participantIds: [world.analyst.id, bea.id, cal.id],
      question: "Rate the S-400 row again after Thursday's imagery",
    });
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit({
      ...ids,
      expectations: { [i0]: { [s0]: 0.83 } },
      reasons: { [i0]: "SECRETANA the battery moved" },
    });
    await bea.caller.rounds.submit({
      ...ids,
      expectations: { [i0]: { [s0]: 0.17 }, [i1]: { [s1]: "highly_likely" } },
      reasons: { [i0]: "SECRETBEA decoys" },
    });
    await cal.caller.rounds.saveDraft({ ...ids, reasons: { [i0]: "SECRETCAL never submitted" } });

    // Open: the owner (not a participant), the viewer and Cal (who has not submitted) see the frame only.
    for (const who of [world.owner, world.viewer, cal]) {
      for (const format of FORMATS) {
        const body = await exported(who, f.id, format);
        for (const secret of SECRETS) expect(body, `${format} for ${who.name}`).not.toContain(secret);
        expect(body).not.toContain("Disputes that matter");
        if (format !== "json") {
          expect(body, format).toContain("Team rounds");
          expect(body, format).toContain("Rate the S-400 row again");
          expect(body, format).toContain("2 judgements submitted");
        }
      }
    }
    // A participant who has submitted sees the submitted judgements (never Cal's draft), as on the round page.
    const anaMd = await exported(world.analyst, f.id, "md");
    expect(anaMd).toContain("SECRETANA");
    expect(anaMd).toContain("SECRETBEA");
    expect(anaMd).not.toContain("SECRETCAL");

    // Closed: every member sees the judgements that count, with letters only in an anonymous round.
    await world.analyst.caller.rounds.close(ids);
    const group = (await world.owner.caller.rounds.get(ids)).group;
    const range = group?.range[s0];
    if (!range) throw new Error("No pooled range");
    for (const format of FORMATS) {
      const body = await exported(world.owner, f.id, format);
      expect(body, format).toContain("SECRETANA");
      expect(body, format).toContain("SECRETBEA");
      expect(body, format).not.toContain("SECRETCAL");
      expect(body, format).not.toContain("Bea Analyst");
      expect(body, format).not.toContain("Cal Analyst");
      if (format !== "json") {
        expect(body, format).toContain("exactly 83 %");
        expect(body, format).toContain("Disputes that matter");
        expect(body, format).toMatch(/Analyst [ABC]/);
        expect(body, format).toContain(formatProbabilityRange(range[0], range[1]));
      }
    }
    // Not adopted: no team range beside the scenarios.
    const brief = await buildBrief(await checkAssessmentAccess(getDb(), world.owner.id, f.id));
    expect(brief.team).toBeNull();
    expect(brief.scenarios.every((s) => s.teamRange === null)).toBe(true);
    expect(brief.rounds[0]?.status).toBe("closed");
  });
});

describe("the brief's team range", () => {
  it("comes from the last round adopted up to the brief's moment, in every format", async () => {
    const f = await fixture("Adopted round");
    const [i0, s0] = [at(f.indicators, 0), at(f.scenarios, 0)];
    const round = await world.analyst.caller.rounds.open({
      assessmentId: f.id,
      participantIds: [world.analyst.id, bea.id, cal.id],
      question: "How sure are we of the S-400 move?",
    });
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit({ ...ids, expectations: { [i0]: { [s0]: "highly_likely" } } });
    await bea.caller.rounds.submit({ ...ids, expectations: { [i0]: { [s0]: "unlikely" } } });
    await cal.caller.rounds.submit({ ...ids, expectations: { [i0]: { [s0]: "could" } } });
    const seen = await world.viewer.caller.rounds.get(ids).catch(() => null);
    expect(seen?.seesGroup).toBe(false);
    const before = await world.analyst.caller.rounds.get(ids);
    const group = before.group;
    if (!group) throw new Error("No group view");

    // An edit of the analyst's own, then the adoption.
    let view = await world.analyst.caller.assessments.get({ assessmentId: f.id });
    view = await editAt(world.analyst.caller, view, "updateIndicator", {
      indicatorId: at(f.indicators, 2),
      name: "Tartus pier unchanged",
    });
    const edited = view.state.indicators.find((i) => i.id === at(f.indicators, 2))?.name;
    const beforeAdoption = (await eventsOf(f.id)).at(-1)?.seq ?? 0;
    const adopted = await world.analyst.caller.rounds.adopt({
      ...ids,
      version: view.state.version,
      rationale: "The team's median",
    });

    // Any member, the viewer included: the adopted round is closed, so the team sees its range.
    const brief = await buildBrief(await checkAssessmentAccess(getDb(), world.viewer.id, f.id));
    expect(brief.team).toEqual({
      roundId: round.id,
      roundNumber: 1,
      question: "How sure are we of the S-400 move?",
      adoptedAt: adopted.at,
      participants: 3,
    });
    for (const s of brief.scenarios) {
      const [low, high] = group.range[s.id] ?? [Number.NaN, Number.NaN];
      expect(s.teamRange).toEqual({ low, high });
      expect(low).toBeLessThan(high);
    }
    const lead = at(brief.scenarios, 0);
    const words = `analysts' estimates ranged ${formatProbabilityRange(lead.teamRange?.low ?? 0, lead.teamRange?.high ?? 0)}`;
    for (const format of ["pdf", "docx", "md"] as const) {
      const body = await exported(world.viewer, f.id, format);
      expect(body, format).toContain(words);
      expect(body, format).toContain("Team ranges from round 1");
    }
    expect(renderMarkdown(brief)).toContain("| Team range |");

    // As of the change before the adoption there was no adopted round.
    const earlier = await buildBrief(await checkAssessmentAccess(getDb(), world.viewer.id, f.id), {
      asOf: { seq: beforeAdoption },
    });
    expect(earlier.team).toBeNull();
    expect(earlier.scenarios.every((s) => s.teamRange === null)).toBe(true);
    // It was still open then (adopting closed it): told as it stood, its values kept from a non-participant.
    expect(earlier.rounds[0]?.status).toBe("open");
    expect(earlier.rounds[0]?.hiddenBecause).toContain("This round is open");
    expect(earlier.rounds[0]?.judgements).toEqual([]);

    // Undo right after the adoption refuses, saying why, and leaves the analyst's edit before it alone.
    const status = await world.analyst.caller.workspace.undoStatus({ assessmentId: f.id });
    expect(status.undo).toBeNull();
    expect(status.undoBlocked?.seq).toBe(adopted.seq);
    expect(status.undoBlocked?.reason).toContain("adoption of round 1");
    const refused = await expectRefusal(
      world.analyst.caller.workspace.undo({ assessmentId: f.id, version: adopted.version }),
      "BAD_REQUEST",
    );
    expect(refused.message).toBe(status.undoBlocked?.reason);
    expect(refused.message).toContain("undo cannot take back a round's adoption");
    const after = await world.analyst.caller.assessments.get({ assessmentId: f.id });
    expect(after.state.version).toBe(adopted.version);
    expect(after.state.indicators.find((i) => i.id === at(f.indicators, 2))?.name).toBe(edited);
    // Someone else's undo is unaffected: the owner's own last edit is still theirs to undo.
    expect((await world.owner.caller.workspace.undoStatus({ assessmentId: f.id })).undo).not.toBeNull();
  });
});
