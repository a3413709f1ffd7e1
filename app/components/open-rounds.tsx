"use client";
// The open team rounds waiting for the signed-in analyst: on the home page (every assessment) and as
// a notice in the workspace (that assessment only). Values never show here; the round's page decides.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/trpc/client";
import { formatUtc } from "@/shared/format";

/** Rounds are opened rarely: a minute is soon enough for a notice, and costs one small read. */
const REFRESH_MS = 60_000;

export function OpenRounds({ assessmentId }: { assessmentId?: string }) {
  const trpc = useTRPC();
  const mine = useQuery({ ...trpc.rounds.mine.queryOptions(), refetchInterval: REFRESH_MS });
  const rounds = (mine.data ?? []).filter((r) => !assessmentId || r.assessmentId === assessmentId);
  if (rounds.length === 0) return null;
  return (
    <section
      aria-label="Team rounds waiting for you"
      className={`rounded-lg border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-950 ${assessmentId ? "" : "mb-5"}`}
    >
      <ul className="space-y-1.5">
        {rounds.map((r) => (
          <li key={r.roundId} className="flex flex-wrap items-baseline justify-between gap-2">
            <span>
              <span className="font-medium">
                Round {r.number}
                {assessmentId ? "" : ` on “${r.assessmentTitle}”`}
              </span>{" "}
              {r.submitted ? "is open; your judgement is in." : "waits for your judgement:"}{" "}
              <span className="text-blue-900">“{r.question}”</span>
              {r.closesAt ? <span className="text-blue-800"> · closes {formatUtc(r.closesAt.getTime())}</span> : null}
            </span>
            <Link href={`/assessments/${r.assessmentId}/rounds/${r.roundId}`} className="btn-secondary">
              {r.submitted ? "See the group" : "Judge privately"}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
