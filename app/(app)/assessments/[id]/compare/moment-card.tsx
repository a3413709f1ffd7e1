// One end of the comparison as the server read it: baseline, now or change, its time, and a link to it.
import Link from "next/link";
import { formatDayTime } from "@/shared/format";
import { H2 } from "./compare-shared";

export function MomentCard(props: {
  label: string;
  moment: { seq: number; at: number };
  baselines: string[];
  href: string;
  isNow: boolean;
}) {
  return (
    <div className="card flex items-start justify-between gap-3 p-3">
      <div className="min-w-0">
        <p className={H2}>{props.label}</p>
        <p className="mt-0.5 font-medium">
          {props.baselines.length ? `Baseline “${props.baselines.join("”, “")}”` : props.isNow ? "Now" : "Change"}{" "}
          <span className="font-normal text-slate-500">· change {props.moment.seq}</span>
        </p>
        <p className="text-sm text-slate-600">
          <time dateTime={new Date(props.moment.at).toISOString()}>{formatDayTime(props.moment.at)}</time>
        </p>
      </div>
      <Link className="btn-secondary shrink-0 text-xs" href={props.href}>
        {props.isNow ? "Open the workspace" : "View this moment"}
      </Link>
    </div>
  );
}
