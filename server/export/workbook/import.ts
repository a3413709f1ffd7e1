// Bringing a spreadsheet in (issue 16 §3), as the sheet import route asks: a preview that writes
// nothing (an ACH matrix's proposed mapping, or a Signpost workbook's contents and, for the
// assessment it came from, the edits applying it would make), then the import itself: a new
// assessment, or the workbook applied to its assessment as one change with a rationale.
import type { Db } from "@/db/connection";
import { checkAssessmentAccess, requireTeamRole } from "@/server/access";
import { commitChange } from "@/server/assessments/commit";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import { IMPORT_LIMIT, IMPORTED_TOO_MANY, importKey } from "@/server/export/json/write-import";
import { withHit } from "@/server/rate-limit";
import { type AchPreview, type MatrixPlan, matrixPlan } from "@/shared/assessment/matrix-import";
import { badInput, DomainError } from "@/shared/errors";
import { achPreview } from "./ach";
import { fileError, type Grid, readSpreadsheet } from "./cells";
import { createFromPlan } from "./create";
import { cellName, SHEET } from "./layout";
import { isSignpostWorkbook, type ReadWorkbook, readWorkbook } from "./read";
import { workbookDiff } from "./update";

/** Sentences the confirmation lists; past that it says how many more. */
export const CONFIRMATION_LINES_MAX = 300;

export interface WorkbookPreview {
  layout: "signpost";
  fileName: string;
  title: string;
  counts: { scenarios: number; indicators: number; evidence: number; links: number };
  /** The assessment the workbook was exported from, when the caller may edit it in this team. */
  target: {
    id: string;
    title: string;
    version: number;
    total: number;
    sentences: string[];
    kept: { indicators: number; evidence: number };
    /** Why the workbook cannot be applied to it (it can still make a new assessment), or null. */
    problem: string | null;
  } | null;
}

export type SheetPreview = AchPreview | WorkbookPreview;

/** Where in the workbook a plan's schema issue lies, as near as its path tells. */
function planIssue(path: readonly PropertyKey[], message: string): DomainError {
  const [part, index] = path;
  const k = typeof index === "number" ? index : 0;
  const where =
    part === "scenarios"
      ? cellName(SHEET.scenarios, 1, k + 2)
      : part === "indicators"
        ? cellName(SHEET.matrix, 1, k + 2)
        : part === "evidence"
          ? cellName(SHEET.evidence, 1, k + 2)
          : cellName(SHEET.assessment, 2, 2);
  return badInput(where, `${where}: ${message}`);
}

/** The plan checked with the schema `assessments.createFromMatrix` uses. */
function checkedPlan(plan: MatrixPlan): MatrixPlan {
  const parsed = matrixPlan.safeParse(plan);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw planIssue(issue?.path ?? [], issue?.message ?? "not a valid workbook");
}

async function grids(bytes: Uint8Array, fileName: string): Promise<Grid[]> {
  return readSpreadsheet(bytes, fileName);
}

function readBook(all: Grid[]): ReadWorkbook {
  const book = readWorkbook(all);
  book.plan = checkedPlan(book.plan);
  return book;
}

/** The assessment a workbook came from, if it is in `teamId` and the caller may edit it. */
async function targetOf(db: Db, userId: string, teamId: string, id: string | null) {
  if (!id) return null;
  try {
    const access = await checkAssessmentAccess(db, userId, id, "analyst");
    if (access.teamId !== teamId) return null;
    return (await loadAssessmentStateCached(db, id)) ?? null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** What the file would bring in; writes nothing. Members who may import (analysts, owners) only. */
export async function previewSheet(
  db: Db,
  user: { id: string; name: string },
  teamId: string,
  bytes: Uint8Array,
  fileName: string,
  now = Date.now(),
): Promise<SheetPreview> {
  await requireTeamRole(db, user.id, teamId, "analyst");
  const all = await grids(bytes, fileName);
  if (!isSignpostWorkbook(all)) {
    const grid = all.find((g) => g.rows.some((r) => r.some((v) => v !== null && v !== "")));
    if (!grid) throw fileError("The file has no cells with anything in them: put a matrix in the first sheet");
    return achPreview(grid, fileName);
  }
  const book = readBook(all);
  const state = await targetOf(db, user.id, teamId, book.assessmentId);
  let target: WorkbookPreview["target"] = null;
  if (state) {
    const base = { id: state.id, title: state.title, version: state.version };
    try {
      const diff = workbookDiff(state, book, user, now);
      target = {
        ...base,
        total: diff.sentences.length,
        sentences: diff.sentences.slice(0, CONFIRMATION_LINES_MAX),
        kept: diff.kept,
        problem: null,
      };
    } catch (error) {
      // Applying it is refused (an archived assessment, a scenario it lacks): say why, and still offer a new one.
      if (!(error instanceof DomainError)) throw error;
      target = { ...base, total: 0, sentences: [], kept: { indicators: 0, evidence: 0 }, problem: error.message };
    }
  }
  return {
    layout: "signpost",
    fileName,
    title: book.plan.title,
    counts: {
      scenarios: book.plan.scenarios.length,
      indicators: book.plan.indicators.length,
      evidence: book.plan.evidence.length,
      links: book.plan.evidence.reduce((n, e) => n + e.links.length, 0),
    },
    target,
  };
}

export type SheetImport =
  | { mode: "create" }
  | { mode: "update"; assessmentId: string; version: number; rationale: string };

/** Imports a Signpost workbook: a new assessment, or applied to its own as one change. */
export async function importWorkbook(
  db: Db,
  user: { id: string; name: string },
  teamId: string,
  bytes: Uint8Array,
  fileName: string,
  asked: SheetImport,
  now = Date.now(),
): Promise<{ id: string; title: string; version: number; edits: number }> {
  await requireTeamRole(db, user.id, teamId, "analyst");
  const all = await grids(bytes, fileName);
  if (!isSignpostWorkbook(all)) {
    throw fileError(
      "This is not a Signpost workbook (no Assessment, Scenarios and Matrix sheets): preview it to map it as an ACH matrix",
    );
  }
  const book = readBook(all);
  if (asked.mode === "create") {
    const created = await createFromPlan(
      db,
      user,
      teamId,
      book.plan,
      `Imported from the workbook '${fileName}'`,
      now,
      "allow",
    );
    return { ...created, edits: 0 };
  }
  if (!asked.rationale.trim())
    throw badInput("rationale", "Say why the workbook is applied: the history keeps it with the change");
  const access = await checkAssessmentAccess(db, user.id, asked.assessmentId, "analyst");
  if (access.teamId !== teamId)
    throw new DomainError("NOT_FOUND", `No assessment with id '${asked.assessmentId}'`, "assessmentId");
  if (book.assessmentId !== asked.assessmentId) {
    throw badInput(
      cellName(SHEET.assessment, 2, 9),
      `${cellName(SHEET.assessment, 2, 9)}: this workbook was exported from another assessment; export the one to update, or import as a new assessment`,
    );
  }
  const committed = await withHit(db, importKey(user.id), IMPORT_LIMIT, IMPORTED_TOO_MANY, now, () =>
    commitChange(db, {
      assessmentId: asked.assessmentId,
      baseVersion: asked.version,
      actor: user,
      at: now,
      rationale: asked.rationale.trim(),
      change: (state) => {
        const diff = workbookDiff(state, book, user, now);
        if (diff.steps.length === 0) {
          throw badInput("file", "The workbook says what the assessment already says: nothing to apply");
        }
        return { type: "workbook.apply", fileName: fileName.slice(0, 200), steps: diff.steps };
      },
    }),
  );
  const change = committed.change;
  return {
    id: committed.state.id,
    title: committed.state.title,
    version: committed.state.version,
    edits: change.type === "workbook.apply" ? change.steps.length : 0,
  };
}
