// The tabs of one assessment: workspace, history, compare, team rounds, resolution and the brief.
import Link from "next/link";

const TABS = [
  { key: "workspace", label: "Workspace", path: "" },
  { key: "history", label: "History", path: "/history" },
  { key: "compare", label: "Compare", path: "/compare" },
  { key: "rounds", label: "Rounds", path: "/rounds" },
  { key: "resolution", label: "Resolution", path: "/resolution" },
  { key: "brief", label: "Brief", path: "/brief" },
] as const;

export type AssessmentTab = (typeof TABS)[number]["key"];

export function AssessmentNav({ assessmentId, current }: { assessmentId: string; current: AssessmentTab }) {
  return (
    <nav aria-label="Assessment" className="mb-4 flex gap-1 border-b border-slate-200 text-sm">
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          href={`/assessments/${assessmentId}${tab.path}`}
          aria-current={tab.key === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${tab.key === current ? "border-blue-700 font-medium text-blue-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
