// The display name: what colleagues see on every change, comment and brief. One schema for every
// place an account is created or renamed (sign-up, an owner adding a person, better-auth's
// update-user), and the rules that keep an older, unchecked name from breaking a document.
// Safe for the browser: zod and plain string functions only.
import { z } from "zod";
import { DISPLAY_NAME_MAX, EXPORTED_NAME_MAX } from "@/shared/limits";

// Refused in a name, as they are never typed on purpose and each breaks or fakes what is shown:
// - Cc: C0/C1 controls (tab, line breaks, U+000B…): invalid in Word's XML, split Markdown and PDF
//   lines, and break CSV rows;
// - Zl, Zp: the line and paragraph separators (U+2028/2029) end a line in most renderers;
// - Cf, format characters: invisible (zero-width space, soft hyphen, BOM) or reordering (the bidi
//   overrides and isolates, U+202A–202E and U+2066–2069), which let "Olive Owner" and a look-alike
//   differ where no one can see it — except U+200C/U+200D (zero-width non-joiner and joiner),
//   which Persian, the Indic scripts and emoji sequences need;
// - Cs, lone surrogates (half an emoji), and the noncharacters (U+FFFE, U+FFFF…): not text at all.
// - other default-ignorable code points (U+034F, the Hangul fillers U+3164 and U+FFA0…), which
//   render as nothing, except the variation selectors that emoji need.
const REFUSED_CHARACTER =
  /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Noncharacter_Code_Point}]|(?!\u200C|\u200D|[\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why `name` (already trimmed) cannot be a display name, or null when it can. */
function nameProblem(name: string): string | null {
  if (name.length === 0) return "Enter your name as colleagues will see it on changes, comments and briefs";
  if (name.length > DISPLAY_NAME_MAX) {
    return `A name is at most ${DISPLAY_NAME_MAX} characters (this one has ${name.length}): shorten it`;
  }
  const bad = REFUSED_CHARACTER.exec(name)?.[0];
  if (bad !== undefined) {
    return `A name cannot contain ${codePoint(bad)}, an invisible control or format character: type the name again on one line without it`;
  }
  return null;
}

/** The display name as sign-up, provisioning and renaming accept it: trimmed, 1–120 characters. */
export const displayName = z
  .string({ error: "Enter your name as colleagues will see it on changes, comments and briefs" })
  .trim()
  .superRefine((name, ctx) => {
    const problem = nameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The trimmed name, or the reason it is refused (for callers outside zod, such as auth hooks). */
export function checkDisplayName(value: unknown): { ok: true; name: string } | { ok: false; message: string } {
  const parsed = displayName.safeParse(value);
  if (parsed.success) return { ok: true, name: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? "This name cannot be used" };
}

// Anything that is not printable on one line: what the schema refuses, plus tab and line breaks.
const UNPRINTABLE = new RegExp(REFUSED_CHARACTER.source, "gu");

/**
 * A stored name made safe for a document that leaves the app (brief, Word, PDF, Markdown, JSON,
 * CSV): controls and invisible format characters become spaces, runs of space collapse, and a name
 * longer than EXPORTED_NAME_MAX is cut with an ellipsis. Names the schema accepted come out as they are.
 */
export function documentName(name: string): string {
  const clean = name.replace(UNPRINTABLE, " ").replace(/\s+/g, " ").trim() || "Unnamed";
  if (clean.length <= EXPORTED_NAME_MAX) return clean;
  // Cut between code points, never inside a surrogate pair.
  let cut = "";
  for (const ch of clean) {
    if (cut.length + ch.length > EXPORTED_NAME_MAX - 1) break;
    cut += ch;
  }
  return `${cut.trimEnd()}…`;
}

/**
 * Someone named on a change, a comment or a brief: the name recorded then, and the account behind
 * it. Two people may share a display name; `namesake` says that another person of the same
 * assessment or team has this name, so the name alone does not tell who it is.
 */
export interface Person {
  /** The account's id; null for a name with no account (demo or imported history). */
  id: string | null;
  name: string;
  /** The account's email; null when the name has no account. */
  email: string | null;
  namesake: boolean;
}

// Letters of other scripts drawn like Latin ones: "Оlive" with a Cyrillic О looks like "Olive".
// Not Unicode's whole confusables table: the letters that pass for Latin in a person's name.
const LOOK_ALIKES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  з: "3",
  і: "i",
  ї: "i",
  ј: "j",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  ԁ: "d",
  һ: "h",
  ӏ: "l",
  ɡ: "g",
  ʏ: "y",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join("")}]`, "gu");

/**
 * The key two names compare by, so names that look alike count as one: "Olive  Owner", "olive
 * owner", "Ｏlive Owner", "Oli\u200Dve Owner" (a joiner no one sees) and "Оlive Owner" (a
 * Cyrillic О) are one name.
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(UNPRINTABLE, "")
    .replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLocaleLowerCase("en")
    .replace(LOOK_ALIKE, (ch) => LOOK_ALIKES[ch] ?? ch);
}

/** How a filter names a person: their account, or the bare name for history without an account. */
export function personKey(person: Pick<Person, "id" | "name">): string {
  return person.id ? `id:${person.id}` : `name:${person.name}`;
}

/** What the email stands for on hover: the account, or why there is none. */
export function personDetail(person: Person): string {
  return person.email ?? "No Signpost account: this name came with demo or imported history";
}

/**
 * The person as a document prints them: the name, with the email only when another person of the
 * assessment or team shares the name (emails leave the team with the document; a name alone
 * suffices until it is ambiguous).
 */
export function personLabel(person: Person): string {
  const name = documentName(person.name);
  if (!person.namesake) return name;
  return `${name} (${person.email ?? "no account"})`;
}
