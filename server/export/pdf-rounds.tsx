// The brief's "Team rounds" section in the PDF (./pdf.tsx lays out the rest): each round with its
// pooled call and range, convergence, the disputes that matter and the judgements the person
// exporting may see (server/rounds/brief-rounds.ts left out the rest before it got here).
import { Text, View } from "@react-pdf/renderer";
import { formatProbability, formatProbabilityRange, formatUtc } from "@/shared/format";
import { convergenceWords, impactWords, roundCounts, roundTimeline, spreadWords } from "@/shared/rounds-words";
import type { BriefRound } from "./brief";
import { styles, pdfText as t } from "./pdf-style";

export function TeamRoundsPdf({ rounds }: { rounds: readonly BriefRound[] }) {
  if (rounds.length === 0) return null;
  return (
    <View>
      <Text style={styles.h2} minPresenceAhead={60}>
        Team rounds
      </Text>
      {rounds.map((r) => (
        <RoundPdf key={r.id} round={r} />
      ))}
    </View>
  );
}

const sub = { fontSize: 8.5, lineHeight: 1.3, fontWeight: "bold" as const, marginTop: 5, marginBottom: 2 };

function RoundPdf({ round: r }: { round: BriefRound }) {
  const why = r.hiddenBecause ?? r.groupReason;
  return (
    <View style={{ marginBottom: 10 }}>
      <Text style={{ fontSize: 10, lineHeight: 1.3, fontWeight: "bold" }} minPresenceAhead={40}>
        {t(`Round ${r.number}: “${r.question}”`)}
      </Text>
      <Text style={styles.note}>
        {t(
          `${roundTimeline(r)} · facilitated by ${r.facilitator} · ${roundCounts(r)} · ${r.anonymous ? "anonymous" : "named"}`,
        )}
      </Text>
      {why ? <Text style={{ marginTop: 3 }}>{t(why)}</Text> : null}
      {r.scenarios.length ? (
        <View style={[styles.table, { marginTop: 4 }]}>
          <View style={[styles.tr, styles.headerRow]} wrap={false}>
            <Text style={[styles.td, styles.th, { flex: 3 }]}>Scenario</Text>
            <Text style={[styles.td, styles.th, styles.num, { flex: 1.4 }]}>Pooled call</Text>
            <Text style={[styles.td, styles.th, styles.num, { flex: 2 }]}>Team range</Text>
          </View>
          {r.scenarios.map((s) => (
            <View key={s.id} style={styles.tr} wrap={false}>
              <Text style={[styles.td, { flex: 3 }]}>{t(s.name)}</Text>
              <Text style={[styles.td, styles.num, { flex: 1.4 }]}>{t(formatProbability(s.pooled))}</Text>
              <Text style={[styles.td, styles.num, { flex: 2 }]}>
                {t(`${formatProbabilityRange(s.low, s.high)}${s.outside ? " (the pool lies outside it)" : ""}`)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
      {r.convergence ? <Text style={styles.note}>{t(`${convergenceWords(r.convergence)}.`)}</Text> : null}
      {r.disputes.length ? (
        <>
          <Text style={sub} minPresenceAhead={30}>
            Disputes that matter
          </Text>
          {r.disputes.map((d, k) => (
            <Text key={`${d.indicatorId}/${d.scenarioId}`} style={{ fontSize: 8.5, lineHeight: 1.3, marginBottom: 2 }}>
              {t(
                `${k + 1}. ${d.indicator} under ${d.scenario}: ${impactWords(d.impact)}, spread ${spreadWords(d.spread)}. `,
              )}
              <Text style={styles.muted}>{t(d.values.map((v) => `${v.who}: ${v.value}`).join("; "))}</Text>
            </Text>
          ))}
        </>
      ) : null}
      {r.judgements.length ? (
        <>
          <Text style={sub} minPresenceAhead={30}>
            Judgements
          </Text>
          {r.judgements.map((j) => (
            <View key={j.who} style={{ marginBottom: 3 }}>
              <Text style={{ fontSize: 8.5, lineHeight: 1.3 }}>
                <Text style={styles.strong}>{t(j.who)}</Text>
                <Text style={styles.muted}>
                  {t(`, submitted ${formatUtc(j.submittedAt)}${j.rows.length ? "" : ": kept every shared value"}`)}
                </Text>
              </Text>
              {j.rows.map((row) => (
                <Text key={row.indicatorId} style={{ fontSize: 8, lineHeight: 1.3, marginLeft: 10 }}>
                  {t(
                    `• ${row.indicator}: ${[row.ratings, row.weight ? `weight ${row.weight}` : "", row.reason ? `“${row.reason}”` : ""].filter(Boolean).join(" · ")}`,
                  )}
                </Text>
              ))}
              {j.more ? (
                <Text style={[styles.muted, { fontSize: 8, marginLeft: 10 }]}>
                  {`and ${j.more} more indicators (in the JSON export)`}
                </Text>
              ) : null}
            </View>
          ))}
        </>
      ) : null}
    </View>
  );
}
