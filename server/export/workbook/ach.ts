// An ACH matrix (PARC ACH, Open Source ACH, Open Synthesis, or a plain sheet kept the same way):
// hypotheses as columns, evidence or indicators as rows, cells in the consistency vocabulary. Read
// into the preview the analyst checks and adjusts before anything is saved (the mapping is
// ACH_RATING and ACH_LEVELS in shared/assessment/matrix-import.ts).
import {
  ACH_CODES,
  ACH_LEVELS,
  ACH_MAPPING_TEXT,
  ACH_RATING,
  type AchCode,
  type AchPreview,
} from "@/shared/assessment/matrix-import";
import { DESCRIPTION_MAX, INDICATOR_NAME_MAX, MAX_ACTIVE_SCENARIOS, SCENARIO_NAME_MAX } from "@/shared/limits";
import { type CellValue, cellText, fileError, type Grid, shareOf, sheetError, unquoteFormula } from "./cells";
import { cellName, ratingOfWord } from "./layout";

/** The words ACH tools write for the codes, as well as the codes. */
const CODE_WORDS: Record<string, AchCode> = {
  cc: "CC",
  "very consistent": "CC",
  c: "C",
  consistent: "C",
  n: "N",
  neutral: "N",
  i: "I",
  inconsistent: "I",
  ii: "II",
  "very inconsistent": "II",
  na: "NA",
  "n/a": "NA",
  "not applicable": "NA",
};

const CODE_CHOICES = `${ACH_CODES.slice(0, -1).join(", ")} or ${ACH_CODES.at(-1)}`;

type Role = "name" | "credibility" | "relevance" | "description" | "weight" | "ignored" | "hypothesis";

/** What a header says its column is. Columns ACH tools keep that say nothing of the matrix are left aside, and named. */
function roleOf(header: string): Role {
  const h = header.trim().toLowerCase();
  if (/^credibility$/.test(h)) return "credibility";
  if (/^relevance$/.test(h)) return "relevance";
  if (/^(description|notes?|summary)$/.test(h)) return "description";
  if (/^weight$/.test(h)) return "weight";
  if (
    /^(type|date|date\/time|source|id|#|ref|reference|flag|score|inconsistency score|weighted inconsistency score)$/.test(
      h,
    )
  ) {
    return "ignored";
  }
  return "hypothesis";
}

function levelOf(value: CellValue | undefined): { share: number; word: string } | null {
  const text = cellText(value).toLowerCase();
  if (text === "") return null;
  const word = ({ h: "high", m: "medium", l: "low" } as Record<string, string>)[text] ?? text;
  if (word in ACH_LEVELS) return { share: ACH_LEVELS[word as keyof typeof ACH_LEVELS], word };
  const share = shareOf(value);
  if (share === null || share < 0 || share > 1) return { share: Number.NaN, word: text };
  return { share, word: `${Math.round(share * 100)} %` };
}

/** A prior as written: a number (2, 0.5), or a percent ("40 %"), which reads as its share. */
function priorOf(value: CellValue | undefined): number | null {
  if (typeof value === "number") return value;
  const m = /^(\d+(?:[.,]\d+)?)\s*(%?)$/.exec(cellText(value));
  if (!m) return null;
  const n = Number((m[1] as string).replace(",", "."));
  return m[2] ? n / 100 : n;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The preview of the matrix in `grid`, or a refusal naming the cell at fault. */
export function achPreview(grid: Grid, fileName: string): AchPreview {
  const { sheet, rows } = grid;
  const headerIndex = rows.findIndex((r) => r.some((v) => cellText(v) !== ""));
  if (headerIndex < 0)
    throw fileError(`${sheet}: the sheet is empty; put hypotheses in the first row and evidence below`);
  const headerRow = rows[headerIndex] ?? [];
  const headerNumber = headerIndex + 1;
  const roles: Role[] = headerRow.map((v, c) =>
    c === 0 ? "name" : cellText(v) === "" ? "ignored" : roleOf(cellText(v)),
  );
  const hypotheses = roles.flatMap((role, c) => (role === "hypothesis" ? [c] : []));
  if (hypotheses.length < 2) {
    throw sheetError(
      sheet,
      2,
      headerNumber,
      "give at least two hypotheses, one per column after the evidence column (B1, C1, …)",
    );
  }
  if (hypotheses.length > MAX_ACTIVE_SCENARIOS) {
    throw sheetError(
      sheet,
      (hypotheses[MAX_ACTIVE_SCENARIOS] as number) + 1,
      headerNumber,
      `at most ${MAX_ACTIVE_SCENARIOS} hypotheses: remove the columns from here on`,
    );
  }
  const seen = new Map<string, number>();
  const scenarios = hypotheses.map((c) => {
    const name = unquoteFormula(cellText(headerRow[c]));
    if (name.length > SCENARIO_NAME_MAX) {
      throw sheetError(
        sheet,
        c + 1,
        headerNumber,
        `a hypothesis name is at most ${SCENARIO_NAME_MAX} characters; shorten it`,
      );
    }
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw sheetError(
        sheet,
        c + 1,
        headerNumber,
        `'${name}' names two hypotheses (also ${cellName(sheet, earlier + 1, headerNumber)}); give each a distinct name`,
      );
    }
    seen.set(key, c);
    return { name, prior: 1, cell: cellName(sheet, c + 1, headerNumber) };
  });
  const column = (role: Role) => roles.indexOf(role);
  const credibilityAt = column("credibility");
  const relevanceAt = column("relevance");
  const descriptionAt = column("description");
  const weightAt = column("weight");

  let priorsFrom: AchPreview["priorsFrom"] = "equal";
  const indicators: AchPreview["indicators"] = [];
  let flagged = 0;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const rowNumber = r + 1;
    if (!row.some((v) => cellText(v) !== "")) continue;
    const name = unquoteFormula(cellText(row[0]));
    if (/^priors?$/i.test(name)) {
      priorsFrom = "row";
      hypotheses.forEach((c, k) => {
        const value = row[c];
        const prior = priorOf(value);
        if (prior === null || !Number.isFinite(prior) || prior <= 0) {
          throw sheetError(
            sheet,
            c + 1,
            rowNumber,
            `'${cellText(value)}' is not a prior; give a number greater than 0 (or a percent)`,
          );
        }
        (scenarios[k] as { prior: number }).prior = prior;
      });
      continue;
    }
    if (name === "")
      throw sheetError(
        sheet,
        1,
        rowNumber,
        "this row has ratings but no evidence or indicator name; name it or delete the row",
      );
    if (name.length > INDICATOR_NAME_MAX) {
      throw sheetError(
        sheet,
        1,
        rowNumber,
        `a name is at most ${INDICATOR_NAME_MAX} characters; shorten it (put the rest in a Description column)`,
      );
    }
    const cells = hypotheses.map((c) => {
      const text = cellText(row[c]);
      const where = cellName(sheet, c + 1, rowNumber);
      if (text === "") {
        flagged++;
        return { code: "", rating: ACH_RATING.NA, flagged: true, cell: where };
      }
      const code = CODE_WORDS[text.toLowerCase()];
      if (code) {
        if (code === "NA") flagged++;
        return { code, rating: ACH_RATING[code], flagged: code === "NA", cell: where };
      }
      const rating = ratingOfWord(text);
      if (rating) return { code: text, rating, flagged: false, cell: where };
      throw sheetError(sheet, c + 1, rowNumber, `'${text}' is not a consistency code; use ${CODE_CHOICES}`);
    });
    const parts: string[] = [];
    let weight = 1;
    for (const [at, label] of [
      [credibilityAt, "Credibility"],
      [relevanceAt, "Relevance"],
      [weightAt, "Weight"],
    ] as const) {
      if (at < 0) continue;
      const level = levelOf(row[at]);
      if (level === null) continue;
      if (Number.isNaN(level.share)) {
        throw sheetError(
          sheet,
          at + 1,
          rowNumber,
          `'${cellText(row[at])}' is not a ${label.toLowerCase()}; use High, Medium or Low, or a percent`,
        );
      }
      weight *= level.share;
      parts.push(`${label} ${capitalise(level.word)}`);
    }
    const description = descriptionAt >= 0 ? unquoteFormula(cellText(row[descriptionAt])) : "";
    if (description.length > DESCRIPTION_MAX) {
      throw sheetError(
        sheet,
        descriptionAt + 1,
        rowNumber,
        `a description is at most ${DESCRIPTION_MAX} characters; shorten it`,
      );
    }
    indicators.push({
      name,
      description,
      weight: Math.round(weight * 10_000) / 10_000,
      weightFrom: parts.length ? parts.join(" × ") : "none given",
      row: rowNumber,
      cells,
    });
  }
  if (indicators.length === 0) {
    throw sheetError(sheet, 1, headerNumber + 1, "no evidence or indicator rows below the hypotheses; add one per row");
  }
  const ignored = roles.flatMap((role, c) =>
    role === "ignored" && cellText(headerRow[c]) ? [cellText(headerRow[c])] : [],
  );
  const mapping = [...ACH_MAPPING_TEXT];
  if (ignored.length) mapping.push(`Columns not used by the matrix: ${ignored.join(", ")}.`);
  return { layout: "ach", fileName, sheet, mapping, scenarios, priorsFrom, indicators, flagged };
}
