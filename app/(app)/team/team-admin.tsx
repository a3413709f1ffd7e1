"use client";
// Members and roles of the current team (owners manage and invite), team settings, and a new team.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { TextField } from "@/app/components/text-field";
import { useTRPC } from "@/app/trpc/client";
import type { TeamSummary } from "@/server/teams/teams";
import { typedNumber } from "@/shared/forms";
import { STALE_AFTER_DAYS_MAX, STALE_AFTER_DAYS_MIN, TEAM_NAME_MAX } from "@/shared/limits";
import { ROLES, type Role, staleAfterDays, teamName } from "@/shared/teams";
import { Invitations } from "./invitations";

export function TeamAdmin({ team, currentUserId }: { team: TeamSummary | null; currentUserId: string }) {
  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      {team ? (
        <Members team={team} currentUserId={currentUserId} />
      ) : (
        <p className="card p-6">You are not in a team yet.</p>
      )}
      <div className="space-y-6">
        {team ? <StaleSetting team={team} /> : null}
        <NewTeam />
      </div>
    </div>
  );
}

function Members({ team, currentUserId }: { team: TeamSummary; currentUserId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: team.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.teams.members.queryKey({ teamId: team.id }) });
  const [notice, setNotice] = useState<string | null>(null);
  const changeRole = useMutation(
    trpc.teams.changeRole.mutationOptions({ onSuccess: refresh, onError: (e) => setNotice(e.message) }),
  );
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({
      onSuccess: (answer) => {
        if (!answer.left)
          return queryClient.setQueryData(trpc.teams.members.queryKey({ teamId: team.id }), answer.members);
        // Out of the team: its pages are closed to us now; home shows the team we fall back to,
        // and the refresh redraws the header's team switcher without it.
        router.push("/");
        router.refresh();
      },
      onError: (e) => setNotice(e.message),
    }),
  );
  const isOwner = team.role === "owner";
  const ownerCount = (members.data ?? []).filter((m) => m.role === "owner").length;
  // The last owner cannot step down or leave (the server refuses it too): offer neither.
  const lastOwner = (m: { userId: string; role: Role }) => m.role === "owner" && ownerCount === 1;

  return (
    <section className="card p-5" aria-labelledby="members-heading">
      <h1 id="members-heading" className="text-xl font-semibold">
        {team.name}
      </h1>
      <p className="text-sm text-slate-600">
        Owners manage members; analysts edit assessments; viewers read, comment and export.
        {isOwner ? "" : " Only an owner can change who is in the team."}
      </p>
      {notice ? (
        <p role="status" className="mt-3 rounded-md bg-blue-50 p-3 text-sm text-blue-900">
          {notice}
        </p>
      ) : null}
      <table className="mt-4 w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Email</th>
            <th className="py-2 font-medium">Role</th>
            <th className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(members.data ?? []).map((m) => (
            <tr key={m.userId} className="border-b border-slate-100">
              <td className="py-2">
                {m.name}
                {m.userId === currentUserId ? <span className="text-slate-500"> (you)</span> : null}
              </td>
              <td className="py-2 text-slate-600">{m.email}</td>
              <td className="py-2">
                {isOwner && !lastOwner(m) ? (
                  <select
                    aria-label={`Role of ${m.name}`}
                    className="rounded-md border border-slate-300 px-2 py-1"
                    value={m.role}
                    onChange={(e) =>
                      changeRole.mutate({ teamId: team.id, userId: m.userId, role: e.target.value as Role })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span>
                    {m.role}
                    {isOwner && lastOwner(m) ? (
                      <span className="block text-xs text-slate-500" id={`last-owner-${m.userId}`}>
                        The team&apos;s only owner: make someone else an owner before changing this role or leaving.
                      </span>
                    ) : null}
                  </span>
                )}
              </td>
              <td className="py-2 text-right">
                {lastOwner(m) ? null : isOwner || m.userId === currentUserId ? (
                  <button
                    type="button"
                    className="btn-danger text-xs"
                    aria-label={m.userId === currentUserId ? "Leave the team" : `Remove ${m.name}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ teamId: team.id, userId: m.userId })}
                  >
                    {m.userId === currentUserId ? "Leave" : "Remove"}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {isOwner ? <Invitations team={team} /> : null}
    </section>
  );
}

/** How many days an indicator may go unreviewed before the workspace and the list flag it stale. */
function StaleSetting({ team }: { team: TeamSummary }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [days, setDays] = useState(String(team.staleAfterDays));
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.teams.updateSettings.mutationOptions({
      onSuccess: (t) => {
        setDays(String(t.staleAfterDays));
        setError(undefined);
        setSaved(true);
        router.refresh();
      },
      onError: (e) => setError(fieldErrorsOf(e).staleAfterDays ?? e.message),
    }),
  );
  if (team.role !== "owner") {
    return (
      <section className="card h-fit p-5 text-sm" aria-labelledby="stale-heading">
        <h2 id="stale-heading" className="font-semibold">
          Review reminders
        </h2>
        <p className="mt-1 text-slate-600">
          An indicator counts as stale after {team.staleAfterDays} days without review. Only an owner can change this.
        </p>
      </section>
    );
  }
  return (
    <section className="card h-fit p-5" aria-labelledby="stale-heading">
      <h2 id="stale-heading" className="font-semibold">
        Review reminders
      </h2>
      <form
        noValidate
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          const checked = staleAfterDays.safeParse(typedNumber(days));
          if (!checked.success)
            return setError(`Give a whole number of days from ${STALE_AFTER_DAYS_MIN} to ${STALE_AFTER_DAYS_MAX}`);
          update.mutate({ teamId: team.id, staleAfterDays: checked.data });
        }}
      >
        <Field
          id="stale-after-days"
          label="Days before an indicator counts as stale"
          error={error}
          hint="Indicators not reviewed for longer are flagged in the workspace and the assessments list."
        >
          <input
            id="stale-after-days"
            className="input w-24"
            inputMode="numeric"
            value={days}
            onChange={(e) => {
              setDays(e.target.value);
              setSaved(false);
            }}
            aria-invalid={!!error}
            aria-describedby={error ? "stale-after-days-error" : "stale-after-days-hint"}
          />
        </Field>
        <div className="flex items-center gap-3">
          <button type="submit" className="btn-secondary" disabled={update.isPending}>
            Save
          </button>
          <span role="status" className="text-sm text-emerald-800">
            {saved ? "Saved" : ""}
          </span>
        </div>
      </form>
    </section>
  );
}

function NewTeam() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: () => {
        setName("");
        router.refresh();
      },
      onError: (e) => setError(fieldErrorsOf(e).name ?? e.message),
    }),
  );
  return (
    <section className="card h-fit p-5" aria-labelledby="new-team-heading">
      <h2 id="new-team-heading" className="font-semibold">
        New team
      </h2>
      <p className="mb-3 text-sm text-slate-600">You become its owner and can switch between teams in the header.</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = teamName.safeParse(name);
          if (!checked.success) return setError(checked.error.issues[0]?.message);
          create.mutate({ name });
        }}
        className="space-y-3"
      >
        <TextField
          id="team-name"
          label="Team name"
          noun="The team name"
          max={TEAM_NAME_MAX}
          value={name}
          onChange={setName}
          error={error}
        />
        <button type="submit" className="btn-secondary" disabled={create.isPending}>
          Create team
        </button>
      </form>
    </section>
  );
}
