"use client";
// Switches the team whose assessments the list shows; remembered per user on the server.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/trpc/client";
import type { TeamSummary } from "@/server/teams/teams";

export function TeamSwitcher(props: { teams: TeamSummary[]; activeId: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setActive = useMutation(trpc.teams.setActive.mutationOptions({ onSuccess: () => router.refresh() }));
  if (props.teams.length <= 1) {
    return <span className="text-sm text-slate-600">{props.teams[0]?.name ?? "No team"}</span>;
  }
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span className="sr-only">Team</span>
      <select
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={props.activeId ?? ""}
        disabled={setActive.isPending}
        onChange={(e) => setActive.mutate({ teamId: e.target.value })}
        aria-label="Team"
      >
        {props.teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.role})
          </option>
        ))}
      </select>
    </label>
  );
}
