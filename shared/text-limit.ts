// How a text field tells a person about its limit (issue 13: nothing lost without a word). A field
// keeps everything typed or pasted; from COUNT_FROM of its limit it shows a count, and past the
// limit it says by how much, while the form refuses to save. Lengths count as the schemas do:
// UTF-16 code units after trimming (shared/limits.ts).

/** The share of a limit from which a field shows its count ("1,850 / 2,000"). */
export const COUNT_FROM = 0.8;

export interface TextLength {
  /** Characters that count: after trimming, as the schema and the server count them. */
  length: number;
  max: number;
  /** How far past the limit; 0 within it. */
  over: number;
  /** Whether the count is shown: near the limit or past it. */
  showCount: boolean;
}

const count = (n: number) => n.toLocaleString("en");

export function textLength(value: string, max: number): TextLength {
  const length = value.trim().length;
  return { length, max, over: Math.max(0, length - max), showCount: length >= max * COUNT_FROM };
}

/** "1,850 / 2,000". */
export function countLabel(t: TextLength): string {
  return `${count(t.length)} / ${count(t.max)}`;
}

/**
 * "The description is 98,000 characters over its limit of 2,000: shorten it to save"; null when
 * the text fits. `noun` names the field as a sentence starts: "The description".
 */
export function overLimitMessage(noun: string, t: TextLength): string | null {
  if (t.over === 0) return null;
  const chars = t.over === 1 ? "character" : "characters";
  return `${noun} is ${count(t.over)} ${chars} over its limit of ${count(t.max)}: shorten it to save`;
}
