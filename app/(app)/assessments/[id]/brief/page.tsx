// The brief tab: what the assessment says now, at `?seq=n` or `?at=ISO`, measured against the
// latest baseline before that moment or `?compareTo=id` (shared/moment.ts; saved links' older
// `?baseline=id` means the same); printable, and exported in every format.
import { errorShape, serverCaller } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import type { Brief } from "@/server/export/brief";
import { formatUtc } from "@/shared/format";
import { comparedMoment, readMomentQuery } from "@/shared/moment";
import { AssessmentNav } from "../assessment-nav";
import { HorizonPassedNotice } from "../horizon-passed-notice";
import { MomentRefused } from "../moment-refused";
import { BriefControls } from "./brief-controls";
import { printPageCss } from "./brief-data";
import { BriefDocument } from "./brief-document";

export const metadata = { title: "Brief" };

export default async function BriefPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const { id } = await params;
  const query = readMomentQuery(await searchParams, { compare: true });
  const backToNow = { href: `/assessments/${id}/brief`, label: "Show the brief as of now" };
  if (!query.ok) return <MomentRefused assessmentId={id} current="brief" message={query.error} now={backToNow} />;
  const api = await serverCaller();

  let brief: Brief;
  try {
    brief = await api.assessments.brief({ assessmentId: id, asOf: query.moment, compareTo: query.compareTo });
  } catch (error) {
    const refusal = errorShape(error);
    if (refusal.data.code === "INTERNAL_SERVER_ERROR") throw error;
    const nowWorks = refusal.data.code === "BAD_REQUEST" || Boolean(refusal.data.fieldErrors?.baselineId);
    return (
      <MomentRefused
        assessmentId={id}
        current="brief"
        message={refusal.message}
        now={nowWorks ? backToNow : undefined}
      />
    );
  }

  const baselines = await api.history.baselines({ assessmentId: id });
  const marking = brief.handling.trim() || "UNMARKED";
  const moment = comparedMoment(query.moment) ?? null;
  // With a baseline chosen the export link names the moment too, so the file holds what this page shows.
  const shownIso = new Date(brief.asOf.at).toISOString();
  const exportMoment = {
    at: moment || query.compareTo ? shownIso : undefined,
    compareTo: query.compareTo,
  };

  return (
    <div>
      <style
        // The marking is the assessment's own text, escaped into a CSS string (see printPageCss).
        // biome-ignore lint/security/noDangerouslySetInnerHtml: CSS built by printPageCss, not markup
        dangerouslySetInnerHTML={{ __html: printPageCss(marking) }}
      />
      <div className="mb-4 space-y-3 print:hidden">
        <AssessmentNav assessmentId={id} current="brief" />
        <BriefControls
          key={`${brief.asOf.seq}-${query.compareTo ?? ""}`}
          assessmentId={id}
          baselines={baselines.map((b) => ({
            id: b.id,
            label: `${b.name} — ${formatUtc(b.createdAt.getTime())}`,
            later: b.eventSeq > brief.asOf.seq,
          }))}
          compareTo={query.compareTo ?? ""}
          moment={moment}
          shownAt={brief.asOf.at}
          exportMoment={exportMoment}
        />
        {brief.horizonPassed ? <HorizonPassedNotice assessmentId={id} passed={brief.horizonPassed} /> : null}
        {moment ? (
          <p
            role="status"
            className="rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-sm text-indigo-950"
          >
            Briefing the assessment as it was on {formatUtc(brief.asOf.at)} (change {brief.asOf.seq} of{" "}
            {brief.asOf.latest}).
          </p>
        ) : null}
      </div>
      <BriefDocument brief={brief} marking={marking} />
    </div>
  );
}
