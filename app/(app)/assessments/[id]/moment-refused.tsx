// What a tab shows in place of the assessment when its URL names a moment it cannot show: the
// reason, and the way back to now.
import Link from "next/link";
import { AssessmentNav, type AssessmentTab } from "./assessment-nav";

export function MomentRefused(props: {
  assessmentId: string;
  current: AssessmentTab;
  message: string;
  /** The link back to the tab as of now; none when now would fail the same way. */
  now?: { href: string; label: string } | undefined;
}) {
  return (
    <div className="space-y-3">
      <AssessmentNav assessmentId={props.assessmentId} current={props.current} />
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
        {props.message}
        {props.now ? (
          <>
            {" "}
            <Link className="font-medium underline" href={props.now.href}>
              {props.now.label}
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
