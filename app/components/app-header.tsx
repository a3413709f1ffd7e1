// The bar on every signed-in page: product name, team switcher, navigation and the account menu.
import Link from "next/link";
import type { SessionUser } from "@/server/auth";
import type { TeamSummary } from "@/server/teams/teams";
import { SignOutButton } from "./sign-out-button";
import { TeamSwitcher } from "./team-switcher";

export function AppHeader(props: { user: SessionUser; teams: TeamSummary[]; active: TeamSummary | null }) {
  return (
    <header data-app-header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span
            aria-hidden
            className="inline-block h-5 w-5 rounded bg-blue-700 text-center text-xs leading-5 text-white"
          >
            S
          </span>
          Signpost
        </Link>
        <TeamSwitcher teams={props.teams} activeId={props.active?.id ?? null} />
        <nav aria-label="Main" className="flex items-center gap-4 text-sm text-slate-600">
          <Link href="/" className="hover:text-slate-900">
            Assessments
          </Link>
          <Link href="/team" className="hover:text-slate-900">
            Team
          </Link>
          <Link href="/account" className="hover:text-slate-900">
            Account
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="text-slate-600">
            {props.user.name}
            {props.active ? <span className="text-slate-500"> · {props.active.role}</span> : null}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
