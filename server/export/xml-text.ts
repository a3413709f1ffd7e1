// Text as XML 1.0 can carry it. Word documents are XML, which forbids most C0 controls, lone
// surrogates and U+FFFE/U+FFFF anywhere; the docx package writes text as it is given, so a single
// U+000B in a name or a title made the whole brief a file Word refuses to open.
// (DEL and the C1 controls are allowed by XML 1.0 but are never meant either: spaces too.)
const XML_INVALID = /(?![\t\n\r])\p{Cc}|[\uFFFE\uFFFF]|\p{Cs}/gu;
const NOT_TEXT = /[\uFFFE\uFFFF]|\p{Cs}/u;

/** Controls become spaces (a vertical tab or form feed separated words); broken characters become U+FFFD. */
export function xmlText(text: string): string {
  return text.replace(XML_INVALID, (c) => (NOT_TEXT.test(c) ? "\uFFFD" : " "));
}

/** Every string in a plain value (objects, arrays) made XML-safe; keys are ids and are left alone. */
export function xmlSafe<T>(value: T): T {
  if (typeof value === "string") return xmlText(value) as T;
  if (Array.isArray(value)) return value.map((item) => xmlSafe(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)])) as T;
  }
  return value;
}
