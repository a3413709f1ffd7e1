// The PDF brief's house style: page geometry, colours, the one style sheet, and `pdfText`, which
// keeps every string within what the built-in Helvetica can print (no fonts are fetched).
import { Font, StyleSheet } from "@react-pdf/renderer";

// A brief should never split "consolidation" into "consoli-dation": break lines between words only.
Font.registerHyphenationCallback((word) => [word]);

export const PAGE = { width: 595.28, height: 841.89, marginX: 46, marginTop: 62, marginBottom: 66 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginX;

export const INK = "#1a2230";
export const MUTED = "#5b6472";
export const RULE = "#c9ced6";
export const SHADE = "#eef2f7";
export const ACCENT = "#1f3a5f";
export const LINK = "#1d4ed8";
export const WARN = "#9a3412";

// The standard PDF fonts carry WinAnsi (cp1252) only: Latin-1 plus these typographic characters.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const REPLACEMENTS: Record<string, string> = {
  "\u2212": "-", // minus sign
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2015": "—",
  "\u2264": "<=",
  "\u2265": ">=",
  "\u2260": "!=",
  "\u2248": "~",
  "\u2192": "->",
  "\u2190": "<-",
  "\u2194": "<->",
  "\u2032": "'",
  "\u2033": '"',
  "\u2009": " ",
  "\u200a": " ",
  "\u2007": " ",
  "\u202f": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\u200b": "",
  // Letters with a stroke have no decomposition to strip.
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
};

function printable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRA.has(ch);
}

/**
 * The text as Helvetica can print it: characters outside WinAnsi become their ASCII stand-in
 * ("−" → "-", "≤" → "<="), lose their accents ("ł" → "l") or, failing both, become "?".
 */
export function pdfText(text: string): string {
  let out = "";
  for (const ch of text) {
    if (printable(ch)) {
      out += ch;
      continue;
    }
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const stripped = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += [...stripped].every(printable) && stripped ? stripped : "?";
  }
  return out;
}

export const styles = StyleSheet.create({
  page: {
    fontFamily: "Helvetica",
    fontSize: 9.5,
    color: INK,
    paddingTop: PAGE.marginTop,
    paddingBottom: PAGE.marginBottom,
    paddingHorizontal: PAGE.marginX,
  },
  // Line height lives on the body, not the page: inherited by the footer's page-number text it
  // would be applied twice by react-pdf 4.9 and push the whole footer off the page.
  body: { fontSize: 9.5, lineHeight: 1.35 },
  header: {
    position: "absolute",
    top: 22,
    left: PAGE.marginX,
    right: PAGE.marginX,
    paddingBottom: 5,
    borderBottomWidth: 0.75,
    borderBottomColor: RULE,
    textAlign: "center",
  },
  footer: {
    position: "absolute",
    bottom: 20,
    left: PAGE.marginX,
    right: PAGE.marginX,
    paddingTop: 5,
    borderTopWidth: 0.75,
    borderTopColor: RULE,
  },
  marking: { fontSize: 8.5, lineHeight: 1.3, fontWeight: "bold", letterSpacing: 0.6, textAlign: "center" },
  footerLine: { flexDirection: "row", justifyContent: "space-between", marginTop: 3, fontSize: 7.5, color: MUTED },

  kicker: { fontSize: 8, lineHeight: 1.3, letterSpacing: 1, color: MUTED, marginBottom: 4 },
  title: { fontSize: 20, fontWeight: "bold", lineHeight: 1.15, color: ACCENT },
  question: { fontSize: 11, fontStyle: "italic", marginTop: 6, lineHeight: 1.3 },
  meta: {
    flexDirection: "row",
    marginTop: 10,
    paddingVertical: 6,
    borderTopWidth: 0.75,
    borderBottomWidth: 0.75,
    borderColor: RULE,
  },
  metaCell: { paddingRight: 8 },
  metaLabel: { fontSize: 7, lineHeight: 1.3, color: MUTED, letterSpacing: 0.5, marginBottom: 1 },
  metaValue: { fontSize: 9, lineHeight: 1.3 },

  bluf: {
    marginTop: 12,
    paddingVertical: 9,
    paddingHorizontal: 12,
    backgroundColor: SHADE,
    borderLeftWidth: 3,
    borderLeftColor: ACCENT,
  },
  blufHeading: { fontSize: 8, lineHeight: 1.3, fontWeight: "bold", letterSpacing: 1, color: ACCENT, marginBottom: 4 },
  blufItem: { flexDirection: "row", marginTop: 3 },
  blufBullet: { width: 12, fontSize: 12, lineHeight: 1.3, fontWeight: "bold" },
  blufText: { flex: 1, fontSize: 12, fontWeight: "bold", lineHeight: 1.3 },

  h2: {
    fontSize: 12,
    lineHeight: 1.3,
    fontWeight: "bold",
    color: ACCENT,
    marginTop: 14,
    marginBottom: 5,
    paddingBottom: 2,
    borderBottomWidth: 0.75,
    borderBottomColor: ACCENT,
  },
  note: { fontSize: 8, lineHeight: 1.3, color: MUTED, marginTop: 3 },

  table: {},
  // The rule sits on the header row, which repeats (fixed) on every page a long table spans.
  headerRow: { borderTopWidth: 0.75, borderTopColor: INK },
  trInner: { flexDirection: "row", paddingBottom: 3 },
  named: { flexDirection: "row" },
  tr: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: RULE, paddingVertical: 3 },
  th: { fontSize: 7.5, lineHeight: 1.3, fontWeight: "bold", color: MUTED, letterSpacing: 0.3 },
  td: { fontSize: 8.5, lineHeight: 1.3, paddingRight: 6 },
  num: { textAlign: "right" },
  swatch: { width: 8, height: 8, marginRight: 5, marginTop: 1.5 },
  strong: { fontWeight: "bold" },
  muted: { color: MUTED },
  weak: { color: WARN, fontWeight: "bold" },
  link: { color: LINK, textDecoration: "none" },

  charts: { flexDirection: "row", justifyContent: "space-between", marginTop: 10 },
  chart: { width: (CONTENT_WIDTH - 14) / 2 },
  chartTitle: { fontSize: 8.5, lineHeight: 1.3, fontWeight: "bold", marginBottom: 4 },
  legend: { flexDirection: "row", flexWrap: "wrap", marginTop: 2 },
  legendItem: { flexDirection: "row", alignItems: "center", marginRight: 10, marginTop: 2 },
  legendLine: { width: 12, height: 2, marginRight: 4 },
  legendText: { fontSize: 7.5, lineHeight: 1.3 },

  change: { marginBottom: 7, fontSize: 9, lineHeight: 1.3 },
  changeWhen: { fontSize: 7.5, lineHeight: 1.3, color: MUTED },
  changeText: { fontSize: 9, lineHeight: 1.3 },
  changeWhy: { fontSize: 8.5, lineHeight: 1.3, color: MUTED, fontStyle: "italic" },
});
