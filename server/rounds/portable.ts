// Rounds in the JSON export and back (docs/export-format.md): what a file may carry of them follows
// the privacy rule (./privacy.ts) for a reader who is a member of the team but took part in nothing:
// no open round, only the judgements that count, no name beside a value in an anonymous round.
import crypto from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import * as t from "@/db/tables";
import type { ExportedRound } from "@/server/export/json/format";
import { analystLabel } from "@/shared/rounds";
import { counts, insertCells, judgementsOf, participantsOf, roundsOf, scopeOf } from "./store";

const iso = (d: Date) => d.toISOString();

export async function roundsForExport(db: DbOrTx, assessmentId: string): Promise<ExportedRound[]> {
  const rounds = (await roundsOf(db, assessmentId)).filter((r) => r.status !== "open");
  const ids = rounds.map((r) => r.id);
  const participants = await participantsOf(db, ids);
  const values = await judgementsOf(
    db,
    participants.filter(counts).map((p) => p.id),
  );
  const comments = ids.length
    ? await db
        .select()
        .from(t.roundComments)
        .where(inArray(t.roundComments.roundId, ids))
        .orderBy(asc(t.roundComments.createdAt))
    : [];
  return Promise.all(
    rounds.map(async (r) => {
      const mine = participants.filter((p) => p.roundId === r.id);
      const byUser = new Map(mine.map((p) => [p.userId, p]));
      return {
        id: r.id,
        number: r.number,
        previousRoundId: r.previousRoundId,
        status: r.status as ExportedRound["status"],
        anonymous: r.anonymous,
        question: r.question,
        facilitatorName: r.facilitatorName,
        openedAt: iso(r.openedAt),
        openedAtVersion: r.openedAtVersion,
        closesAt: r.closesAt ? iso(r.closesAt) : null,
        closedAt: iso(r.closedAt ?? r.openedAt),
        adoptedAt: r.adoptedAt ? iso(r.adoptedAt) : null,
        adoptedSeq: r.adoptedSeq,
        sharedAtOpen: r.sharedAtOpen as ExportedRound["sharedAtOpen"],
        focus: r.focus,
        scope: (await scopeOf(db, r.id)).map((s) => ({ indicatorId: s.indicatorId, indicatorName: s.indicatorName })),
        participants: mine.map((p) => ({
          label: p.label,
          name: r.anonymous ? null : p.name,
          submittedAt: p.submittedAt ? iso(p.submittedAt) : null,
          leftAt: p.leftAt ? iso(p.leftAt) : null,
          judgement: counts(p) ? (values.get(p.id) ?? null) : null,
        })),
        comments: comments
          .filter((c) => c.roundId === r.id)
          .map((c) => {
            const author = c.authorId ? byUser.get(c.authorId) : undefined;
            return {
              id: c.id,
              indicatorId: c.indicatorId,
              scenarioId: c.scenarioId,
              parentId: c.parentId,
              authorName: author && r.anonymous ? analystLabel(author.label) : c.authorName,
              body: c.body,
              createdAt: iso(c.createdAt),
            };
          }),
      };
    }),
  );
}

/** Writes a checked import's rounds (prepare-import.ts checked them) inside the import's transaction. */
export async function writeImportedRounds(
  tx: DbOrTx,
  assessmentId: string,
  rounds: readonly ExportedRound[],
): Promise<void> {
  for (const r of [...rounds].sort((a, b) => a.number - b.number)) {
    await tx.insert(t.rounds).values({
      id: r.id,
      assessmentId,
      number: r.number,
      previousRoundId: r.previousRoundId,
      status: r.status,
      anonymous: r.anonymous,
      question: r.question,
      facilitatorId: null,
      facilitatorName: r.facilitatorName,
      openedAt: new Date(r.openedAt),
      openedAtVersion: r.openedAtVersion,
      sharedAtOpen: r.sharedAtOpen,
      focus: r.focus,
      closesAt: r.closesAt ? new Date(r.closesAt) : null,
      closedAt: new Date(r.closedAt),
      adoptedAt: r.adoptedAt ? new Date(r.adoptedAt) : null,
      adoptedSeq: r.adoptedSeq,
    });
    await tx.insert(t.roundScope).values(r.scope.map((s, position) => ({ roundId: r.id, ...s, position })));
    for (const p of r.participants) {
      const id = crypto.randomUUID();
      await tx.insert(t.roundParticipants).values({
        id,
        roundId: r.id,
        userId: null,
        name: p.name ?? analystLabel(p.label),
        label: p.label,
        submittedAt: p.submittedAt ? new Date(p.submittedAt) : null,
        leftAt: p.leftAt ? new Date(p.leftAt) : null,
        updatedAt: new Date(p.submittedAt ?? r.openedAt),
      });
      const j = p.judgement;
      if (!j) continue;
      await insertCells(
        tx,
        Object.entries(j.expectations).flatMap(([indicatorId, row]) =>
          Object.entries(row).map(([scenarioId, value]) => ({
            participantId: id,
            indicatorId,
            scenarioId,
            rating: typeof value === "string" ? value : null,
            likelihood: typeof value === "number" ? value : null,
          })),
        ),
      );
      for (const indicatorId of new Set([...Object.keys(j.weights), ...Object.keys(j.reasons)])) {
        await tx.insert(t.judgementRows).values({
          participantId: id,
          indicatorId,
          weight: j.weights[indicatorId] ?? null,
          reason: j.reasons[indicatorId] ?? null,
        });
      }
    }
    for (const c of r.comments) {
      await tx
        .insert(t.roundComments)
        .values({ ...c, roundId: r.id, authorId: null, createdAt: new Date(c.createdAt) });
    }
  }
}
