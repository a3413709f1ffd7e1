// Demo assessment seeded on a fresh install (DESIGN.md §4): Russia's military posture in Syria
// after the fall of the Assad government, built from public reporting of 8–13 December 2024.
// Wording is ours; the facts follow the public report kept in shared/demo-source.txt.
// Origins (DESIGN §2.3): the three imagery items and Kofman's reading of that imagery all trace to the
// one Maxar release of 13 December; each statement and briefing is its own report. The release's items
// bear on different indicators, so naming it changes no figure: no indicator leaned on a repeat.

import type { DemoAssessment } from "./types";

const MT_PACKS_UP =
  "https://www.themoscowtimes.com/2024/12/13/russia-packs-up-military-equipment-at-syrian-base-satellite-photos-a87332";

export const russiaSyriaDemo: DemoAssessment = {
  title: "Russian military posture in Syria",
  keyQuestion: "What will Russia's military posture in Syria be by 30 June 2025?",
  horizon: "2025-06-30",
  confidence: "low",
  handling: "UNCLASSIFIED // FOR TRAINING",
  createdAt: "2024-12-08T09:00:00Z",
  actors: {
    lead: { name: "Dana Whitfield", email: "lead@signpost.example" },
    second: { name: "Tomás Okafor", email: "second@signpost.example" },
  },

  scenarios: [
    {
      key: "exit",
      name: "Full exit",
      description:
        "Russia withdraws its forces from Syria and gives up both Khmeimim air base and the Tartus naval facility; at most a diplomatic presence remains by 30 June 2025.",
      prior: 0.35,
      color: "#D55E00",
    },
    {
      key: "consolidation",
      name: "Partial consolidation",
      description:
        "Russia pulls out of inland sites and sends most heavy equipment home, keeping a reduced footprint at Khmeimim and Tartus while their future stays unsettled.",
      prior: 0.4,
      color: "#0072B2",
    },
    {
      key: "retention",
      name: "Negotiated retention",
      description:
        "Moscow reaches an agreement, formal or tacit, with the new Syrian authorities that keeps both bases operating with a substantial military presence.",
      prior: 0.25,
      color: "#009E73",
    },
  ],

  indicators: [
    {
      key: "airlift",
      name: "Heavy airlift out of Khmeimim",
      description:
        "Strategic transports (An-124, Il-76) loading or shuttling heavy equipment, helicopters or vehicles out of Khmeimim.",
      weight: 1,
      expectations: {
        exit: "highly_likely",
        consolidation: "likely",
        retention: "unlikely",
      },
    },
    {
      key: "airdefence",
      name: "S-400 / air defences dismantled or relocated",
      description:
        "Long-range air-defence systems leaving their firing positions at Khmeimim or being packed for transport.",
      weight: 0.8,
      expectations: {
        exit: "highly_likely",
        consolidation: "likely",
        retention: "unlikely",
      },
    },
    {
      key: "tactaircraft",
      name: "Tactical aircraft remain at Khmeimim",
      description: "Fighter and strike aircraft still parked or flying from Khmeimim in imagery or flight reporting.",
      weight: 1,
      expectations: {
        exit: "unlikely",
        consolidation: "likely",
        retention: "highly_likely",
      },
    },
    {
      key: "tartus",
      name: "Tartus naval activity unchanged",
      description:
        "Warships, submarines and support vessels stay berthed at Tartus with no sign of the facility being packed up.",
      weight: 1,
      expectations: {
        exit: "unlikely",
        consolidation: "likely",
        retention: "highly_likely",
      },
    },
    {
      key: "inland",
      name: "Pull-back from inland sites to the coast",
      description:
        "Russian convoys or units leaving inland positions (Qamishli, Palmyra, Homs area) and moving towards Khmeimim or Tartus.",
      weight: 0.7,
      expectations: {
        exit: "highly_likely",
        consolidation: "highly_likely",
        retention: "could",
      },
    },
    {
      key: "kremlintalks",
      name: "Kremlin says it is talking to new authorities",
      description:
        "Official Russian statements that Moscow is in contact or negotiating with Syria's new rulers about the bases.",
      weight: 1,
      expectations: {
        exit: "could",
        consolidation: "likely",
        retention: "highly_likely",
      },
    },
    {
      key: "hts",
      name: "New authorities open to Russian bases",
      description:
        "HTS leaders or the caretaker government signal that Russia may keep its bases or that its forces are safe to stay.",
      weight: 1,
      expectations: {
        exit: "unlikely",
        consolidation: "could",
        retention: "highly_likely",
      },
    },
    {
      key: "diplomats",
      name: "Russian diplomats expect full withdrawal",
      description:
        "Russian diplomats or officials, on or off the record, say a complete withdrawal from Syria is likely.",
      weight: 1,
      expectations: {
        exit: "likely",
        consolidation: "could",
        retention: "unlikely",
      },
    },
    {
      key: "africa",
      name: "Redeployment to Libya or Africa",
      description:
        "Aircraft, air defences or personnel from Syria arriving at Al-Khadim or other Russian-used bases in Libya or Africa.",
      weight: 0.6,
      expectations: {
        exit: "highly_likely",
        consolidation: "likely",
        retention: "unlikely",
      },
    },
    {
      key: "ukraine",
      name: "Kremlin calls Ukraine war its top priority",
      description:
        "Official statements putting the war against Ukraine ahead of other commitments; expected whatever happens in Syria.",
      weight: 1,
      expectations: {
        exit: "likely",
        consolidation: "likely",
        retention: "likely",
      },
    },
  ],

  evidence: [
    {
      key: "mfa-guarantees",
      title: "Foreign Ministry: in contact with insurgents, bases guaranteed",
      summary:
        "As the rebels took the coastal provinces, the Russian Foreign Ministry said Moscow was in touch with the armed opposition and had received guarantees for the security of its bases. A self-serving claim made on the day Assad fell, with no confirmation from the other side.",
      sourceName: "Russian Foreign Ministry statement",
      sourceUrl: "https://mid.ru/en/",
      sourceKind: "official_statement",
      reliability: "C",
      credibility: 3,
      observedAt: "2024-12-08",
      origin: "Russian Foreign Ministry statement, 8 Dec 2024",
      links: [
        { indicator: "kremlintalks", direction: 1 },
        { indicator: "hts", direction: 1 },
      ],
    },
    {
      key: "convoys-coast",
      title: "Russian convoys filmed heading for the coast",
      summary:
        "Geolocated videos posted online show Russian military vehicle columns on roads from inland Syria towards Latakia and Tartus. Timing and destination are inferred from the footage, not confirmed.",
      sourceName: "Open-source video geolocations, via media reporting",
      sourceUrl: null,
      sourceKind: "media",
      reliability: "C",
      credibility: 3,
      observedAt: "2024-12-09",
      links: [{ indicator: "inland", direction: 1 }],
    },
    {
      key: "ships-offshore",
      title: "Russian warships reported standing off Tartus",
      summary:
        "Media citing commercial imagery report that Russian warships and a submarine left the Tartus piers and were anchored offshore. This may be force protection rather than departure.",
      sourceName: "Commercial satellite imagery, via media reporting",
      sourceUrl: null,
      sourceKind: "media",
      reliability: "C",
      credibility: 3,
      observedAt: "2024-12-10",
      links: [{ indicator: "tartus", direction: -1 }],
    },
    {
      key: "peskov-contact",
      title: "Peskov: in contact with those who control Syria",
      summary:
        "The Kremlin spokesman said Moscow was talking to whoever now controls the situation in Syria because its base and embassy are there, and that the fate of the bases was still being discussed.",
      sourceName: "Kremlin spokesman Dmitry Peskov (press briefing)",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "official_statement",
      reliability: "C",
      credibility: 3,
      observedAt: "2024-12-11",
      origin: "Kremlin briefing, 11 Dec 2024",
      links: [{ indicator: "kremlintalks", direction: 1 }],
    },
    {
      key: "diplomats-withdrawal",
      title: "Russian diplomats: complete withdrawal likely",
      summary:
        "Russian diplomats speaking anonymously told The Moscow Times that Russia was likely to leave Syria entirely, Tartus and Khmeimim included. Unattributed and possibly positioning for talks.",
      sourceName: "The Moscow Times, diplomatic sources",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "media",
      reliability: "C",
      credibility: 3,
      observedAt: "2024-12-11",
      origin: "Moscow Times diplomatic sources, 11 Dec 2024",
      links: [{ indicator: "diplomats", direction: 1 }],
    },
    {
      key: "peskov-ukraine",
      title: "Peskov: the war in Ukraine is the absolute priority",
      summary:
        "Asked about Syria, the Kremlin spokesman said the 'special military operation' was the country's absolute priority and that all its objectives would be achieved.",
      sourceName: "Kremlin spokesman Dmitry Peskov (press briefing)",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "official_statement",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-12",
      origin: "Kremlin briefing, 12 Dec 2024",
      links: [{ indicator: "ukraine", direction: 1 }],
    },
    {
      key: "libya-flights",
      title: "Unverified claims of Khmeimim–Libya transport flights",
      summary:
        "Social-media flight-tracking accounts claim Russian Il-76 flights from Khmeimim towards eastern Libya. No corroboration; tracking gaps make the routing uncertain.",
      sourceName: "Social-media flight-tracking accounts (unverified)",
      sourceUrl: null,
      sourceKind: "other",
      reliability: "E",
      credibility: 5,
      observedAt: "2024-12-12",
      links: [{ indicator: "africa", direction: 1 }],
    },
    {
      key: "maxar-airlift",
      title: "Imagery: two An-124s loading, helicopters dismantled at Khmeimim",
      summary:
        "Maxar images show two An-124 heavy transports at Khmeimim with their nose cones raised for loading, and helicopters being taken apart and prepared for shipment.",
      sourceName: "Maxar Technologies via The Moscow Times",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "imagery",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-13",
      origin: "Maxar imagery release, 13 Dec 2024",
      links: [{ indicator: "airlift", direction: 1 }],
    },
    {
      key: "maxar-s400",
      title: "Imagery: S-400 moved from its Khmeimim site",
      summary:
        "The same imagery shows the S-400 air-defence system gone from its earlier position at the air base; where it went is not visible.",
      sourceName: "Maxar Technologies via The Moscow Times",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "imagery",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-13",
      origin: "Maxar imagery release, 13 Dec 2024",
      links: [{ indicator: "airdefence", direction: 1 }],
    },
    {
      key: "maxar-tartus",
      title: "Imagery: Tartus largely unchanged since Wednesday",
      summary:
        "Maxar images of the Tartus naval facility show little change since 11 December, with no visible packing-up comparable to Khmeimim.",
      sourceName: "Maxar Technologies via The Moscow Times",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "imagery",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-13",
      origin: "Maxar imagery release, 13 Dec 2024",
      links: [{ indicator: "tartus", direction: 1 }],
    },
    {
      key: "kofman",
      title: "Kofman: withdrawal under way, full exit unclear",
      summary:
        "Michael Kofman reads the imagery as Russia consolidating at Khmeimim and Tartus, with tactical aircraft still present; he calls it 'a withdrawal under way' but says it is not yet clear it is a complete exit.",
      sourceName: "Michael Kofman, Carnegie Endowment (on X)",
      sourceUrl: MT_PACKS_UP,
      sourceKind: "expert",
      reliability: "B",
      credibility: 3,
      observedAt: "2024-12-13",
      origin: "Maxar imagery release, 13 Dec 2024",
      links: [
        { indicator: "tactaircraft", direction: 1 },
        { indicator: "inland", direction: 1 },
      ],
    },
  ],

  steps: [
    {
      at: "2024-12-08T11:30:00Z",
      actor: "lead",
      rationale: "Moscow's first line after Assad's flight; self-serving and unconfirmed by the rebels, so C3.",
      action: { type: "addEvidence", evidence: "mfa-guarantees" },
    },
    {
      at: "2024-12-09T08:30:00Z",
      actor: "lead",
      rationale:
        "HTS fought Russian air power for nine years; regimes that change by force rarely keep the old patron's bases. Lowering the retention prior.",
      action: { type: "setPrior", scenario: "retention", prior: 0.2 },
    },
    {
      at: "2024-12-09T16:00:00Z",
      actor: "second",
      rationale: "Convoy footage fits a pull-back to the coast; geolocation looks sound but dates are unconfirmed.",
      action: { type: "addEvidence", evidence: "convoys-coast" },
    },
    {
      at: "2024-12-10T10:15:00Z",
      actor: "second",
      rationale:
        "Ships off the piers cut against 'Tartus unchanged', though standing off may just be force protection.",
      action: { type: "addEvidence", evidence: "ships-offshore" },
    },
    {
      at: "2024-12-11T13:00:00Z",
      actor: "lead",
      rationale: "Kremlin confirms talks on the bases are continuing; an intent to stay, not proof of a deal.",
      action: { type: "addEvidence", evidence: "peskov-contact" },
    },
    {
      at: "2024-12-11T16:00:00Z",
      actor: "second",
      rationale: "Anonymous diplomats expect a full exit; may be managing expectations before talks.",
      action: { type: "addEvidence", evidence: "diplomats-withdrawal" },
    },
    {
      at: "2024-12-11T16:20:00Z",
      actor: "lead",
      rationale:
        "Diplomats' comments draw on the same official line as the Kremlin statements; halving the weight to avoid double counting.",
      action: { type: "setWeight", indicator: "diplomats", weight: 0.5 },
    },
    {
      at: "2024-12-12T08:00:00Z",
      actor: "lead",
      rationale: "Picture as briefed at the morning meeting, before any new imagery.",
      action: { type: "baseline", name: "Morning brief, 12 Dec 2024" },
    },
    {
      at: "2024-12-12T12:30:00Z",
      actor: "second",
      rationale:
        "Quotable, but the Kremlin would say this under any scenario; the indicator is flagged non-diagnostic.",
      action: { type: "addEvidence", evidence: "peskov-ukraine" },
    },
    {
      at: "2024-12-12T17:00:00Z",
      actor: "second",
      rationale:
        "Logging the Libya flight claims at E5 so we remember to check them; they should barely move anything.",
      action: { type: "addEvidence", evidence: "libya-flights" },
    },
    {
      at: "2024-12-13T10:00:00Z",
      actor: "lead",
      rationale:
        "First hard imagery of heavy equipment leaving Khmeimim; B2, commercial imagery of a visible activity.",
      action: { type: "addEvidence", evidence: "maxar-airlift" },
    },
    {
      at: "2024-12-13T10:10:00Z",
      actor: "lead",
      rationale: "S-400 off its firing position; partly redundant with the airlift, hence the indicator's 0.8 weight.",
      action: { type: "addEvidence", evidence: "maxar-s400" },
    },
    {
      at: "2024-12-13T10:15:00Z",
      actor: "second",
      rationale:
        "The S-400 move comes from the same imagery as the airlift and a battery can shift for dispersal; trimming the indicator to 0.6 so one picture is not counted twice.",
      action: { type: "setWeight", indicator: "airdefence", weight: 0.6 },
    },
    {
      at: "2024-12-13T10:25:00Z",
      actor: "second",
      rationale: "No packing-up visible at Tartus; the navy is not yet following the air base.",
      action: { type: "addEvidence", evidence: "maxar-tartus" },
    },
    {
      at: "2024-12-13T12:00:00Z",
      actor: "second",
      rationale: "Well-placed expert reading of the imagery: withdrawal under way, jets still there, exit unproven.",
      action: { type: "addEvidence", evidence: "kofman" },
    },
    {
      at: "2024-12-13T12:30:00Z",
      actor: "lead",
      rationale:
        "Jets fly themselves out and would leave last, so their presence this week barely argues against a full exit; revising exit from unlikely to could.",
      action: {
        type: "setRating",
        indicator: "tactaircraft",
        scenario: "exit",
        rating: "could",
      },
    },
    {
      at: "2024-12-13T17:30:00Z",
      actor: "lead",
      rationale:
        "Independent imagery, official statements and expert reading now agree on a drawdown; raising confidence to moderate, though the end state is still open.",
      action: { type: "setConfidence", confidence: "moderate" },
    },
  ],
};
