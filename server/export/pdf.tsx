// The brief as a PDF (A4, built-in Helvetica, vector charts), rendered on the server with
// @react-pdf/renderer. Same sections, order and wording as the Markdown brief (markdown.ts).
import { Document, Link, Page, renderToBuffer, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { webUrl } from "@/shared/assessment/source-url";
import { personLabel } from "@/shared/display-name";
import {
  driverEffect,
  formatPointsSince,
  formatPointsSwing,
  formatProbability,
  formatSigned,
  formatUtc,
} from "@/shared/format";
import { teamRangeWords, teamSourceSentence } from "@/shared/rounds-words";
import type { Brief } from "./brief";
import { ProbabilityBars, TimelineChart } from "./pdf-charts";
import { TeamRoundsPdf } from "./pdf-rounds";
import { CONTENT_WIDTH, pdfText, styles } from "./pdf-style";

export async function renderPdf(brief: Brief): Promise<Buffer> {
  return renderToBuffer(<BriefDocument brief={brief} />);
}

function clipped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function webLink(url: string | null): string | null {
  return webUrl(url)?.href ?? null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return url;
  }
}

const t = pdfText;

/** Pairs each item with a React key from `keyOf`, made unique with a suffix where two items agree. */
function keyed<T>(items: readonly T[], keyOf: (item: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = keyOf(item);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return [n ? `${base}#${n}` : base, item];
  });
}

function BriefDocument({ brief }: { brief: Brief }) {
  const marking = t(brief.handling.trim() || "UNMARKED");
  const baselineName = brief.baseline ? t(brief.baseline.name) : null;
  return (
    <Document
      title={t(brief.title)}
      subject={marking}
      author={t(brief.authors.map(personLabel).join(", "))}
      creator="Signpost"
      producer="Signpost"
      language="en-GB"
    >
      {/* Page 1 is the decision-maker's page (the call, the numbers, what drives them); the basis
          (sources, indicators, changes) follows on its own page. Two <Page>s also spare react-pdf
          re-laying out page 1 while it paginates the rest. */}
      <Page size="A4" style={styles.page}>
        <PageFrame marking={marking} brief={brief} />
        <View style={styles.body}>
          <TitleBlock brief={brief} />
          <BottomLine brief={brief} />

          <Heading>Scenarios</Heading>
          <ScenarioTable brief={brief} />
          {brief.roundingNote || (brief.baseline && baselineName) || brief.team ? (
            <Text style={styles.note}>
              {[
                brief.roundingNote,
                brief.baseline && baselineName ? `Baseline: “${baselineName}”, ${formatUtc(brief.baseline.at)}.` : null,
                brief.team ? t(teamSourceSentence(brief.team)) : null,
              ]
                .filter(Boolean)
                .join(" ")}
            </Text>
          ) : null}
          <View style={styles.charts} wrap={false}>
            <View style={styles.chart}>
              <Text style={styles.chartTitle}>Probability now</Text>
              <ProbabilityBars brief={brief} width={(CONTENT_WIDTH - 14) / 2} />
            </View>
            <View style={styles.chart}>
              <Text style={styles.chartTitle}>
                {baselineName ? `Since “${baselineName}”` : "Over the whole history"}
              </Text>
              <TimelineChart brief={brief} width={(CONTENT_WIDTH - 14) / 2} />
            </View>
          </View>
          <Drivers brief={brief} />
        </View>
      </Page>
      <Page size="A4" style={styles.page}>
        <PageFrame marking={marking} brief={brief} />
        <View style={styles.body}>
          <LeanedOn brief={brief} />
          <Watch brief={brief} />
          <Evidence brief={brief} />
          {baselineName ? <Changes brief={brief} baselineName={baselineName} /> : null}
          <TeamRoundsPdf rounds={brief.rounds} />
        </View>
      </Page>
    </Document>
  );
}

/** The handling marking at the top and bottom of every page, with the page number. */
function PageFrame({ marking, brief }: { marking: string; brief: Brief }) {
  return (
    <>
      <View fixed style={styles.header}>
        <Text style={styles.marking}>{marking}</Text>
      </View>
      <View fixed style={styles.footer}>
        <Text style={styles.marking}>{marking}</Text>
        <View style={styles.footerLine}>
          <Text>{`${t(clipped(brief.title, 90))} · as of ${formatUtc(brief.asOf.at)}`}</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </View>
    </>
  );
}

function Heading({ children, first = false }: { children: ReactNode; first?: boolean }) {
  // Keep a heading with the first lines of its section instead of alone at the foot of a page.
  return (
    <Text style={first ? [styles.h2, { marginTop: 0 }] : styles.h2} minPresenceAhead={60}>
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
        <Meta label="Horizon" value={brief.horizon} width="14%" />
        <Meta
          label="Assessment as of"
          value={`${formatUtc(brief.asOf.at)} (change ${brief.asOf.seq} of ${brief.asOf.latest})`}
          width="35%"
        />
        <Meta label="Analytic confidence" value={capitalised(brief.confidence)} width="21%" />
        <Meta label="Authors" value={t(brief.authors.map(personLabel).join(", ") || "—")} width="30%" />
      </View>
      {brief.horizonPassed ? (
        <Text style={styles.note}>{`${brief.horizonPassed.sentence}, and the assessment is still active.`}</Text>
      ) : null}
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
      {keyed(brief.bottomLine, (sentence) => sentence).map(([key, sentence]) => (
        <View key={key} style={styles.blufItem}>
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
    <View style={[styles.tr, styles.headerRow]} wrap={false} fixed>
      {columns.map((c) => (
        <Text key={c.label} style={[styles.td, styles.th, { flex: c.flex }, c.right ? styles.num : {}]}>
          {c.label}
        </Text>
      ))}
    </View>
  );
}

/** A table cell holding text only: one Text node, not a View around one (react-pdf lays out every node). */
function TextCell({ column, bold, children }: { column: Column; bold?: boolean; children: ReactNode }) {
  return (
    <Text style={[styles.td, { flex: column.flex }, column.right ? styles.num : {}, bold ? styles.strong : {}]}>
      {children}
    </Text>
  );
}

function ScenarioName({ column, name, color }: { column: Column; name: string; color: string }) {
  return (
    <View style={[styles.td, styles.named, { flex: column.flex }]}>
      <View style={[styles.swatch, { backgroundColor: color }]} />
      <Text style={[styles.strong, { flex: 1 }]}>{t(name)}</Text>
    </View>
  );
}

/** "B2 Usually reliable; probably true", the grade in bold. */
function Grade({ grade, meaning }: { grade: string; meaning: string }) {
  return (
    <>
      <Text style={styles.strong}>{grade}</Text>
      {` ${t(meaning)}`}
    </>
  );
}

function ScenarioTable({ brief }: { brief: Brief }) {
  const columns: Column[] = [
    { label: "Scenario", flex: 2.6 },
    { label: "Probability", flex: 1, right: true },
    { label: "Estimative term", flex: 2.2 },
    {
      label: brief.baseline ? `Change since “${t(brief.baseline.name)}”` : "Change since baseline",
      flex: 2.5,
      right: true,
    },
  ];
  if (brief.team) columns.push({ label: "Team range", flex: 2.4 });
  const [name, probability, term, change, team] = columns as [Column, Column, Column, Column, Column?];
  return (
    <View style={styles.table}>
      <HeaderRow columns={columns} />
      {brief.scenarios.map((s) => (
        <View key={s.id} style={styles.tr} wrap={false}>
          <ScenarioName column={name} name={s.name} color={s.color} />
          <TextCell column={probability} bold>
            {formatProbability(s.probability)}
          </TextCell>
          <TextCell column={term}>
            {s.term}
            {s.leading ? <Text style={styles.strong}>{" (leading)"}</Text> : null}
          </TextCell>
          <TextCell column={change}>{brief.baseline ? t(formatPointsSince(s.deltaPoints)) : "—"}</TextCell>
          {team ? <TextCell column={team}>{s.teamRange ? t(teamRangeWords(s.teamRange)) : "—"}</TextCell> : null}
        </View>
      ))}
    </View>
  );
}

function Drivers({ brief }: { brief: Brief }) {
  const rows = brief.drivers.filter((d) => d.items.length);
  const color = new Map(brief.scenarios.map((s) => [s.name, s.color]));
  const columns: Column[] = [
    { label: "Scenario", flex: 2.2 },
    { label: "Strongest indicators", flex: 3.4 },
    { label: "Against the average scenario", flex: 2.1 },
    { label: "Nats", flex: 0.8, right: true },
  ];
  const [scenario, indicators, effect, nats] = columns as [Column, Column, Column, Column];
  return (
    <View>
      <Heading>Key drivers</Heading>
      {rows.length ? (
        <View style={styles.table}>
          <HeaderRow columns={columns} />
          {keyed(rows, (d) => d.scenario).map(([rowKey, d]) =>
            keyed(d.items, (i) => i.indicator).map(([key, i], k) => (
              <View key={`${rowKey}/${key}`} style={k ? styles.trInner : styles.tr} wrap={false}>
                {k === 0 ? (
                  <ScenarioName column={scenario} name={d.scenario} color={color.get(d.scenario) ?? "#888888"} />
                ) : (
                  <TextCell column={scenario}> </TextCell>
                )}
                <TextCell column={indicators}>{t(i.indicator)}</TextCell>
                <TextCell column={effect}>{t(driverEffect(i.nats))}</TextCell>
                <TextCell column={nats}>{t(formatSigned(i.nats))}</TextCell>
              </View>
            )),
          )}
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
      <Heading first>What the call leans on</Heading>
      {brief.leanedOn.length ? (
        <View style={styles.table}>
          <HeaderRow columns={columns} />
          {keyed(brief.leanedOn, (e) => e.title).map(([key, e]) => (
            <View key={key} style={styles.tr} wrap={false}>
              <TextCell column={title}>
                {t(e.title)}
                {e.weak ? <Text style={styles.weak}>{"  WEAK SOURCE"}</Text> : null}
              </TextCell>
              <TextCell column={grade}>
                <Grade grade={e.grade} meaning={e.gradeMeaning} />
              </TextCell>
              <TextCell column={points}>{formatPointsSwing(e.points)}</TextCell>
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
        {keyed(brief.watch, (w) => w.indicator).map(([key, w]) => (
          <View key={key} style={styles.tr} wrap={false}>
            <TextCell column={indicator}>{t(w.indicator)}</TextCell>
            <TextCell column={bits}>{w.bits.toFixed(2)}</TextCell>
            <TextCell column={present}>{t(w.favouredIfPresent.join(", ") || "—")}</TextCell>
            <TextCell column={absent}>{t(w.favouredIfAbsent.join(", ") || "—")}</TextCell>
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
          {keyed(brief.evidence, (e) => `${e.observedAt}/${e.title}`).map(([key, e]) => {
            const url = webLink(e.sourceUrl);
            return (
              <View key={key} style={styles.tr} wrap={false}>
                <TextCell column={observed}>{e.observedAt}</TextCell>
                <TextCell column={title}>{t(e.title)}</TextCell>
                <TextCell column={source}>
                  {url ? (
                    <Link src={url} style={styles.link}>
                      {t(e.sourceName)}
                    </Link>
                  ) : (
                    t(e.sourceName)
                  )}
                  <Text
                    style={styles.muted}
                  >{`\n${url ? `${t(e.sourceKind)} · ${t(hostOf(url))}` : t(e.sourceKind)}`}</Text>
                </TextCell>
                <TextCell column={grade}>
                  <Grade grade={e.grade} meaning={e.gradeMeaning} />
                </TextCell>
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
      {keyed(brief.changesSinceBaseline, (c) => `${c.at}/${c.sentence}`).map(([key, c]) => (
        <Text key={key} style={styles.change} wrap={false}>
          <Text style={styles.changeWhen}>{`${formatUtc(c.at)} · ${t(personLabel(c.actor))}\n`}</Text>
          {`${t(c.sentence)}.`}
          {c.rationale ? <Text style={styles.changeWhy}>{`\nWhy: ${t(c.rationale)}`}</Text> : null}
        </Text>
      ))}
    </View>
  );
}
