// Who may see what of a round (DESIGN §2.9), in one place: every read of server/rounds, the export
// and the live notices ask here. A participant sees only their own judgement until they have
// submitted it; once submitted they see the others' submitted judgements; nobody else (owners and
// the facilitator included, unless they took part and submitted) sees a value until the round
// closes, then the whole team does. Drafts are never shown to anyone but their author.
import { analystLabel } from "@/shared/rounds";
import type { ParticipantRow, RoundRow } from "./store";

export interface RoundSight {
  /** The caller's place in the round, if they were asked (they may have left it since). */
  me: ParticipantRow | null;
  /** Whether the caller may see the others' submitted judgements, the group view and the dispute threads. */
  seesGroup: boolean;
  /** Why not, in words a person reads, when not. */
  hiddenBecause: string | null;
}

export function roundSight(round: RoundRow, participants: readonly ParticipantRow[], userId: string): RoundSight {
  const me = participants.find((p) => p.userId === userId) ?? null;
  if (round.status !== "open") return { me, seesGroup: true, hiddenBecause: null };
  if (me && me.leftAt === null && me.submittedAt !== null) return { me, seesGroup: true, hiddenBecause: null };
  if (me && me.leftAt === null) {
    return {
      me,
      seesGroup: false,
      hiddenBecause:
        "Submit your judgement to see the others': nobody's values are shown to you before yours is in, so that no one anchors on anyone else.",
    };
  }
  return {
    me,
    seesGroup: false,
    hiddenBecause:
      "This round is open: its judgements are seen only by the participants who have submitted theirs, until the facilitator closes it.",
  };
}

/** How a participant is named beside their values: their letter always, their name only in a named round. */
export function participantName(round: RoundRow, p: ParticipantRow): { label: string; name: string | null } {
  return { label: analystLabel(p.label), name: round.anonymous ? null : p.name };
}

/** May this caller close, abandon, adopt or follow up the round: its facilitator, or an owner of the team. */
export function mayManage(round: RoundRow, userId: string, role: string): boolean {
  return round.facilitatorId === userId || role === "owner";
}
