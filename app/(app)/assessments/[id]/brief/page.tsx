// The brief tab: what the assessment says now, at `?asOf=ISO` or `?seq=n`, measured against the
// latest baseline before that moment or `?baseline=id`; printable, and exported in every format.
import Link from "next/link";
import { errorShape, serverCaller } from "@/app/trpc/server";
import { requirePageUser } from "@/server/auth/pages";
import type { Brief } from "@/server/export/brief";
import { utc } from "@/server/export/markdown";
import { AssessmentNav } from "../assessment-nav";
import { BriefControls } from "./brief-controls";
import { briefQuery, printPageCss } from "./brief-data";
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
  const query = briefQuery(await searchParams);
  const api = await serverCaller();

  let brief: Brief;
  try {
    brief = await api.assessments.brief({ assessmentId: id, asOf: query.asOf, baselineId: query.baselineId });
  } catch (error) {
    const refusal = errorShape(error);
    if (refusal.data.code === "INTERNAL_SERVER_ERROR") throw error;
    return (
      <div className="space-y-3">
        <AssessmentNav assessmentId={id} current="brief" />
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {refusal.message}
          {refusal.data.code === "BAD_REQUEST" || refusal.data.fieldErrors?.baselineId ? (
            <>
              {" "}
              <Link className="font-medium underline" href={`/assessments/${id}/brief`}>
                Show the brief as of now
              </Link>
            </>
          ) : null}
        </p>
      </div>
    );
  }

  const baselines = await api.history.baselines({ assessmentId: id });
  const marking = brief.handling.trim() || "UNMARKED";
  const moment = query.asOf ? ("at" in query.asOf ? { asOf: query.asOf.at } : { seq: query.asOf.seq }) : null;
  // The export route reads `baseline` alone as "as of that baseline": with a baseline chosen, name
  // the moment too, so the file holds what this page shows.
  const shownIso = new Date(brief.asOf.at).toISOString();
  const exportMoment = {
    asOf: moment || query.baselineId ? shownIso : undefined,
    baseline: query.baselineId,
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
          key={`${brief.asOf.seq}-${query.baselineId ?? ""}`}
          assessmentId={id}
          baselines={baselines.map((b) => ({
            id: b.id,
            label: `${b.name} — ${utc(b.createdAt.getTime())}`,
            later: b.eventSeq > brief.asOf.seq,
          }))}
          baselineId={query.baselineId ?? ""}
          moment={moment}
          shownAt={brief.asOf.at}
          exportMoment={exportMoment}
        />
        {moment ? (
          <p
            role="status"
            className="rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-sm text-indigo-950"
          >
            Briefing the assessment as it was on {utc(brief.asOf.at)} (change {brief.asOf.seq} of {brief.asOf.latest}).
          </p>
        ) : null}
      </div>
      <BriefDocument brief={brief} marking={marking} />
    </div>
  );
}
