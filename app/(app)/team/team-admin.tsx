"use client";
// Members and roles of the current team (owners manage), team settings, and a new team.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { useTRPC } from "@/app/trpc/client";
import type { TeamSummary } from "@/server/teams/teams";

const ROLE_HELP = {
  owner: "manages members and edits",
  analyst: "edits assessments",
  viewer: "reads, comments, exports",
} as const;
type Role = keyof typeof ROLE_HELP;

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
  const queryClient = useQueryClient();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: team.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.teams.members.queryKey({ teamId: team.id }) });
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const add = useMutation(
    trpc.teams.addMember.mutationOptions({
      onSuccess: (r) => {
        setEmail("");
        setName("");
        setErrors({});
        setNotice(
          r.temporaryPassword
            ? `Created an account for ${r.member.email}. Temporary password: ${r.temporaryPassword} — pass it on securely; it is shown only once.`
            : `Added ${r.member.email} as ${r.member.role}.`,
        );
        refresh();
      },
      onError: (e) => setErrors({ ...fieldErrorsOf(e), form: e.message }),
    }),
  );
  const changeRole = useMutation(
    trpc.teams.changeRole.mutationOptions({ onSuccess: refresh, onError: (e) => setNotice(e.message) }),
  );
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({ onSuccess: refresh, onError: (e) => setNotice(e.message) }),
  );
  const isOwner = team.role === "owner";

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
            <th className="py-2" />
          </tr>
        </thead>
        <tbody>
          {(members.data ?? []).map((m) => (
            <tr key={m.userId} className="border-b border-slate-100">
              <td className="py-2">
                {m.name}
                {m.userId === currentUserId ? <span className="text-slate-400"> (you)</span> : null}
              </td>
              <td className="py-2 text-slate-600">{m.email}</td>
              <td className="py-2">
                {isOwner ? (
                  <select
                    aria-label={`Role of ${m.name}`}
                    className="rounded-md border border-slate-300 px-2 py-1"
                    value={m.role}
                    onChange={(e) =>
                      changeRole.mutate({ teamId: team.id, userId: m.userId, role: e.target.value as Role })
                    }
                  >
                    {(Object.keys(ROLE_HELP) as Role[]).map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  m.role
                )}
              </td>
              <td className="py-2 text-right">
                {isOwner ? (
                  <button
                    type="button"
                    className="btn-danger text-xs"
                    aria-label={`Remove ${m.name}`}
                    onClick={() => remove.mutate({ teamId: team.id, userId: m.userId })}
                  >
                    Remove
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {isOwner && errors.form && !errors.email && !errors.name ? (
        <p role="alert" className="field-error mt-4">
          {errors.form}
        </p>
      ) : null}
      {isOwner ? (
        <form
          className="mt-6 grid gap-3 sm:grid-cols-[1fr_1fr_9rem_auto] sm:items-start"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ teamId: team.id, email: email.trim(), name: name.trim() || undefined, role });
          }}
        >
          <Field id="member-email" label="Email" error={errors.email}>
            <input
              id="member-email"
              type="email"
              className="input"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={!!errors.email}
            />
          </Field>
          <Field id="member-name" label="Name (for a new account)" error={errors.name}>
            <input
              id="member-name"
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!errors.name}
            />
          </Field>
          <Field id="member-role" label="Role" hint={ROLE_HELP[role]}>
            <select id="member-role" className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {(Object.keys(ROLE_HELP) as Role[]).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <div className="sm:pt-6">
            <button type="submit" className="btn-primary" disabled={add.isPending}>
              Add member
            </button>
          </div>
        </form>
      ) : null}
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
          const n = Number(days);
          if (days.trim() === "" || !Number.isInteger(n) || n < 1 || n > 365)
            return setError("Give a whole number of days from 1 to 365");
          update.mutate({ teamId: team.id, staleAfterDays: n });
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
          create.mutate({ name });
        }}
        className="space-y-3"
      >
        <Field id="team-name" label="Team name" error={error}>
          <input
            id="team-name"
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={!!error}
          />
        </Field>
        <button type="submit" className="btn-secondary" disabled={create.isPending}>
          Create team
        </button>
      </form>
    </section>
  );
}
