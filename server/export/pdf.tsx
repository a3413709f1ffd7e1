// The brief as a PDF (A4, built-in Helvetica, vector charts), rendered on the server with
// @react-pdf/renderer. Same sections, order and wording as the Markdown brief (markdown.ts).
import { Document, Link, Page, renderToBuffer, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { type Brief, percent } from "./brief";
import { utc } from "./markdown";
import { ProbabilityBars, TimelineChart } from "./pdf-charts";
import { CONTENT_WIDTH, pdfText, styles } from "./pdf-style";

export async function renderPdf(brief: Brief): Promise<Buffer> {
  return renderToBuffer(<BriefDocument brief={brief} />);
}

/** "+12 pts", "-7 pts" (ASCII minus: Helvetica has no U+2212), "±0 pts", "new". */
function signedPoints(p: number | null): string {
  if (p === null) return "new";
  const r = Math.round(p);
  return r === 0 ? "±0 pts" : `${r > 0 ? "+" : "-"}${Math.abs(r)} pts`;
}

function signedNats(n: number): string {
  return `${n >= 0 ? "+" : "-"}${Math.abs(n).toFixed(2)}`;
}

function webLink(url: string | null): string | null {
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return url;
  }
}

const t = pdfText;

function BriefDocument({ brief }: { brief: Brief }) {
  const marking = t(brief.handling.trim() || "UNMARKED");
  const baselineName = brief.baseline ? t(brief.baseline.name) : null;
  return (
    <Document
      title={t(brief.title)}
      subject={marking}
      author={t(brief.authors.join(", "))}
      creator="Signpost"
      producer="Signpost"
      language="en-GB"
    >
      <Page size="A4" style={styles.page}>
        <View fixed style={styles.header}>
          <Text style={styles.marking}>{marking}</Text>
        </View>
        <View fixed style={styles.footer}>
          <Text style={styles.marking}>{marking}</Text>
          <View style={styles.footerLine}>
            <Text>{`${t(brief.title)} · as of ${utc(brief.asOf.at)}`}</Text>
            <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
          </View>
        </View>

        <TitleBlock brief={brief} />
        <BottomLine brief={brief} />

        <Heading>Scenarios</Heading>
        <ScenarioTable brief={brief} />
        {brief.baseline && baselineName ? (
          <Text style={styles.note}>{`Baseline: “${baselineName}”, ${utc(brief.baseline.at)}.`}</Text>
        ) : null}
        <View style={styles.charts} wrap={false}>
          <View style={styles.chart}>
            <Text style={styles.chartTitle}>Probability now</Text>
            <ProbabilityBars brief={brief} width={(CONTENT_WIDTH - 14) / 2} />
          </View>
          <View style={styles.chart}>
            <Text style={styles.chartTitle}>{baselineName ? `Since “${baselineName}”` : "Over the whole history"}</Text>
            <TimelineChart brief={brief} width={(CONTENT_WIDTH - 14) / 2} />
          </View>
        </View>

        <Drivers brief={brief} />
        <LeanedOn brief={brief} />
        <Watch brief={brief} />
        <Evidence brief={brief} />
        {baselineName ? <Changes brief={brief} baselineName={baselineName} /> : null}
      </Page>
    </Document>
  );
}

function Heading({ children }: { children: ReactNode }) {
  // Keep a heading with the first lines of its section instead of alone at the foot of a page.
  return (
    <Text style={styles.h2} minPresenceAhead={60}>
      {children}
    </Text>
  );
}

function Meta({ label, value, width }: { label: string; value: ReactNode; width: string }) {
  return (
    <View style={[styles.metaCell, { width }]}>
      <Text style={styles.metaLabel}>{label.toUpperCase()}</Text>
      <Text style={styles.metaValue}>{value}</Text>
    </View>
  );
}

function TitleBlock({ brief }: { brief: Brief }) {
  const historical = brief.asOf.seq < brief.asOf.latest;
  const status = brief.status === "active" ? "" : ` · ${brief.status.toUpperCase()}`;
  return (
    <View>
      <Text style={styles.kicker}>{`ASSESSMENT BRIEF${status}`}</Text>
      <Text style={styles.title}>{t(brief.title)}</Text>
      <Text style={styles.question}>
        <Text style={styles.strong}>Key question: </Text>
        {t(brief.keyQuestion)}
      </Text>
      <View style={styles.meta}>
        <Meta label="Horizon" value={brief.horizon} width="16%" />
        <Meta
          label="Assessment as of"
          value={`${utc(brief.asOf.at)} (change ${brief.asOf.seq} of ${brief.asOf.latest})`}
          width="34%"
        />
        <Meta label="Analytic confidence" value={brief.confidence} width="18%" />
        <Meta label="Authors" value={t(brief.authors.join(", ") || "—")} width="32%" />
      </View>
      {historical ? (
        <Text style={styles.note}>
          {`This brief shows the assessment as it stood at change ${brief.asOf.seq}; it has changed ${brief.asOf.latest - brief.asOf.seq} time${brief.asOf.latest - brief.asOf.seq === 1 ? "" : "s"} since.`}
        </Text>
      ) : null}
    </View>
  );
}

function BottomLine({ brief }: { brief: Brief }) {
  return (
    <View style={styles.bluf} wrap={false}>
      <Text style={styles.blufHeading}>BOTTOM LINE UP FRONT</Text>
      {brief.bottomLine.map((sentence) => (
        <View key={sentence} style={styles.blufItem}>
          <Text style={styles.blufBullet}>•</Text>
          <Text style={styles.blufText}>{t(sentence)}</Text>
        </View>
      ))}
    </View>
  );
}

interface Column {
  label: string;
  flex: number;
  right?: boolean;
}

function HeaderRow({ columns }: { columns: Column[] }) {
  return (
    <View style={styles.tr} wrap={false}>
      {columns.map((c) => (
        <Text key={c.label} style={[styles.td, styles.th, { flex: c.flex }, c.right ? styles.num : {}]}>
          {c.label}
        </Text>
      ))}
    </View>
  );
}

function Cell({ column, children }: { column: Column; children: ReactNode }) {
  return <View style={[styles.td, { flex: column.flex }]}>{children}</View>;
}

function ScenarioTable({ brief }: { brief: Brief }) {
  const columns: Column[] = [
    { label: "Scenario", flex: 3.2 },
    { label: "Probability", flex: 1.1, right: true },
    { label: "Estimative term", flex: 1.9 },
    {
      label: brief.baseline ? `Change since “${t(brief.baseline.name)}”` : "Change since baseline",
      flex: 2.2,
      right: true,
    },
  ];
  const [name, probability, term, change] = columns as [Column, Column, Column, Column];
  return (
    <View style={styles.table}>
      <HeaderRow columns={columns} />
      {brief.scenarios.map((s) => (
        <View key={s.id} style={styles.tr} wrap={false}>
          <Cell column={name}>
            <View style={{ flexDirection: "row" }}>
              <View style={[styles.swatch, { backgroundColor: s.color }]} />
              <Text style={[styles.strong, { flex: 1 }]}>{t(s.name)}</Text>
            </View>
          </Cell>
          <Cell column={probability}>
            <Text style={[styles.num, styles.strong]}>{percent(s.probability)}</Text>
          </Cell>
          <Cell column={term}>
            <Text>{s.term}</Text>
          </Cell>
          <Cell column={change}>
            <Text style={styles.num}>{brief.baseline ? signedPoints(s.deltaPoints) : "—"}</Text>
          </Cell>
        </View>
      ))}
    </View>
  );
}

function Drivers({ brief }: { brief: Brief }) {
  const rows = brief.drivers.filter((d) => d.items.length);
  const color = new Map(brief.scenarios.map((s) => [s.name, s.color]));
  const columns: Column[] = [
    { label: "Scenario", flex: 2 },
    { label: "Strongest indicators (nats of log-odds: + raises, - lowers)", flex: 6 },
  ];
  const [scenario, items] = columns as [Column, Column];
  return (
    <View>
      <Heading>Key drivers</Heading>
      {rows.length ? (
        <View style={styles.table}>
          <HeaderRow columns={columns} />
          {rows.map((d) => (
            <View key={d.scenario} style={styles.tr} wrap={false}>
              <Cell column={scenario}>
                <View style={{ flexDirection: "row" }}>
                  <View style={[styles.swatch, { backgroundColor: color.get(d.scenario) ?? "#888888" }]} />
                  <Text style={[styles.strong, { flex: 1 }]}>{t(d.scenario)}</Text>
                </View>
              </Cell>
              <Cell column={items}>
                {d.items.map((i) => (
                  <View key={i.indicator} style={{ flexDirection: "row" }}>
                    <Text style={{ flex: 1 }}>{t(i.indicator)}</Text>
                    <Text style={[styles.num, { width: 40 }]}>{signedNats(i.nats)}</Text>
                  </View>
                ))}
              </Cell>
            </View>
          ))}
        </View>
      ) : (
        <Text>No indicator moves any scenario yet.</Text>
      )}
    </View>
  );
}

function LeanedOn({ brief }: { brief: Brief }) {
  const columns: Column[] = [
    { label: "Evidence", flex: 4.2 },
    { label: "Grade", flex: 2.8 },
    { label: "If left out", flex: 1.2, right: true },
  ];
  const [title, grade, points] = columns as [Column, Column, Column];
  return (
    <View>
      <Heading>What the call leans on</Heading>
      {brief.leanedOn.length ? (
        <View style={styles.table}>
          <HeaderRow columns={columns} />
          {brief.leanedOn.map((e) => (
            <View key={e.title} style={styles.tr} wrap={false}>
              <Cell column={title}>
                <Text>{t(e.title)}</Text>
                {e.weak ? <Text style={styles.weak}>WEAK SOURCE</Text> : null}
              </Cell>
              <Cell column={grade}>
                <Text>
                  <Text style={styles.strong}>{e.grade}</Text>
                  {` ${t(e.gradeMeaning)}`}
                </Text>
              </Cell>
              <Cell column={points}>
                <Text style={styles.num}>{`±${e.points.toFixed(1)} pts`}</Text>
              </Cell>
            </View>
          ))}
        </View>
      ) : (
        <Text>No single evidence item moves any scenario by more than a tenth of a point.</Text>
      )}
    </View>
  );
}

function Watch({ brief }: { brief: Brief }) {
  if (!brief.watch.length) return null;
  const columns: Column[] = [
    { label: "Indicator", flex: 3.2 },
    { label: "Value (bits)", flex: 1.1, right: true },
    { label: "If seen, favours", flex: 2.4 },
    { label: "If not seen, favours", flex: 2.4 },
  ];
  const [indicator, bits, present, absent] = columns as [Column, Column, Column, Column];
  return (
    <View>
      <Heading>Indicators to watch</Heading>
      <View style={styles.table}>
        <HeaderRow columns={columns} />
        {brief.watch.map((w) => (
          <View key={w.indicator} style={styles.tr} wrap={false}>
            <Cell column={indicator}>
              <Text>{t(w.indicator)}</Text>
            </Cell>
            <Cell column={bits}>
              <Text style={styles.num}>{w.bits.toFixed(2)}</Text>
            </Cell>
            <Cell column={present}>
              <Text>{t(w.favouredIfPresent.join(", ") || "—")}</Text>
            </Cell>
            <Cell column={absent}>
              <Text>{t(w.favouredIfAbsent.join(", ") || "—")}</Text>
            </Cell>
          </View>
        ))}
      </View>
      <Text style={styles.note}>Ranked by how much collecting each would tell us (expected information, bits).</Text>
    </View>
  );
}

function Evidence({ brief }: { brief: Brief }) {
  const columns: Column[] = [
    { label: "Observed", flex: 1.05 },
    { label: "Evidence", flex: 3 },
    { label: "Source", flex: 2.9 },
    { label: "Grade", flex: 2.1 },
  ];
  const [observed, title, source, grade] = columns as [Column, Column, Column, Column];
  return (
    <View>
      <Heading>Evidence</Heading>
      {brief.evidence.length ? (
        <View style={styles.table}>
          <HeaderRow columns={columns} />
          {brief.evidence.map((e, k) => {
            const url = webLink(e.sourceUrl);
            return (
              <View key={`${k}-${e.title}`} style={styles.tr} wrap={false}>
                <Cell column={observed}>
                  <Text>{e.observedAt}</Text>
                </Cell>
                <Cell column={title}>
                  <Text>{t(e.title)}</Text>
                </Cell>
                <Cell column={source}>
                  {url ? (
                    <Link src={url} style={styles.link}>
                      {t(e.sourceName)}
                    </Link>
                  ) : (
                    <Text>{t(e.sourceName)}</Text>
                  )}
                  <Text style={styles.muted}>{url ? `${t(e.sourceKind)} · ${t(hostOf(url))}` : t(e.sourceKind)}</Text>
                </Cell>
                <Cell column={grade}>
                  <Text>
                    <Text style={styles.strong}>{e.grade}</Text>
                    {` ${t(e.gradeMeaning)}`}
                  </Text>
                </Cell>
              </View>
            );
          })}
        </View>
      ) : (
        <Text>No evidence has been recorded.</Text>
      )}
    </View>
  );
}

function Changes({ brief, baselineName }: { brief: Brief; baselineName: string }) {
  return (
    <View>
      <Heading>{`What changed since “${baselineName}”`}</Heading>
      {brief.changesSinceBaseline.length ? null : <Text>Nothing has changed since the baseline.</Text>}
      {brief.changesSinceBaseline.map((c, k) => (
        <View key={`${c.at}-${k}`} style={styles.change} wrap={false}>
          <Text style={styles.changeWhen}>{`${utc(c.at)} · ${t(c.actor)}`}</Text>
          <Text style={styles.changeText}>{`${t(c.sentence)}.`}</Text>
          {c.rationale ? <Text style={styles.changeWhy}>{`Why: ${t(c.rationale)}`}</Text> : null}
        </View>
      ))}
    </View>
  );
}
