// "Horizon passed 17 months ago": the notice the brief (and, with its own dialog, the workspace)
// shows while an active assessment's horizon is behind today, with the two ways out: resolve it,
// or move the horizon with a rationale that the history keeps.
import Link from "next/link";
import type { HorizonPassed } from "@/shared/assessment/horizon";

/** The horizon notice with links: to the resolution page, and to the workspace's move-horizon dialog. */
export function HorizonPassedNotice(props: { assessmentId: string; passed: HorizonPassed; className?: string }) {
  return (
    <section
      aria-label="Horizon passed"
      className={`flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 ${props.className ?? ""}`}
    >
      <p>
        <strong>{props.passed.sentence}</strong> and the assessment is still active: resolve it, or move the horizon if
        the question still stands.
      </p>
      <span className="flex gap-2">
        <Link className="btn-secondary" href={`/assessments/${props.assessmentId}/resolution`}>
          Resolve it
        </Link>
        <Link className="btn-secondary" href={`/assessments/${props.assessmentId}?moveHorizon=1`}>
          Move the horizon
        </Link>
      </span>
    </section>
  );
}
