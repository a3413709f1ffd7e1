"use client";
// Members and roles of the current team (owners manage and invite), team settings, and a new team.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, fieldErrorsOf, formError } from "@/app/components/field";
import { useTRPC } from "@/app/trpc/client";
import type { TeamSummary } from "@/server/teams/teams";
import { formatUtc } from "@/shared/format";
import { typedNumber } from "@/shared/forms";
import { STALE_AFTER_DAYS_MAX, STALE_AFTER_DAYS_MIN } from "@/shared/limits";
import { email as emailSchema, ROLES, type Role, staleAfterDays, teamName } from "@/shared/teams";

const ROLE_HELP: Record<Role, string> = {
  owner: "manages members and edits",
  analyst: "edits assessments",
  viewer: "reads, comments, exports",
};

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
                {isOwner ? (
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
                  m.role
                )}
              </td>
              <td className="py-2 text-right">
                {isOwner || m.userId === currentUserId ? (
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

/** Owners invite by email; the person accepts or declines. Pending invitations can be revoked. */
function Invitations({ team }: { team: TeamSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery(trpc.teams.invitations.queryOptions({ teamId: team.id }));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ email: string; link: string; until: Date } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const invite = useMutation(
    trpc.teams.invite.mutationOptions({
      onSuccess: (answer) => {
        setEmail("");
        setErrors({});
        setNotice(null);
        setCreated({
          email: answer.invitation.email,
          link: `${window.location.origin}${answer.path}`,
          until: answer.invitation.expiresAt,
        });
        queryClient.invalidateQueries({ queryKey: trpc.teams.invitations.queryKey({ teamId: team.id }) });
      },
      onError: (e) => {
        setCreated(null);
        setErrors({ ...fieldErrorsOf(e), form: e.message });
      },
    }),
  );
  const revoke = useMutation(
    trpc.teams.revokeInvitation.mutationOptions({
      onSuccess: (rows) => {
        setCreated(null);
        queryClient.setQueryData(trpc.teams.invitations.queryKey({ teamId: team.id }), rows);
      },
      onError: (e) => setNotice(e.message),
    }),
  );

  return (
    <div className="mt-6 border-t border-slate-200 pt-5">
      <h2 className="font-semibold">Invite someone</h2>
      <p className="text-sm text-slate-600">
        They join once they accept: signed in, on their home page, or through the link you share with them, where a
        person without an account creates one.
      </p>
      {formError(errors, ["email", "role"]) ? (
        <p role="alert" className="field-error mt-3">
          {errors.form}
        </p>
      ) : null}
      <form
        className="mt-3 grid gap-3 sm:grid-cols-[1fr_9rem_auto] sm:items-start"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = emailSchema.safeParse(email);
          if (!checked.success) {
            setCreated(null);
            return setErrors({ email: checked.error.issues[0]?.message ?? "" });
          }
          invite.mutate({ teamId: team.id, email: checked.data, role });
        }}
      >
        <Field id="invite-email" label="Email" error={errors.email}>
          <input
            id="invite-email"
            type="email"
            className="input"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!!errors.email}
          />
        </Field>
        <Field id="invite-role" label="Role" hint={ROLE_HELP[role]} error={errors.role}>
          <select id="invite-role" className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <div className="sm:pt-6">
          <button type="submit" className="btn-primary" disabled={invite.isPending}>
            Invite
          </button>
        </div>
      </form>
      {created ? (
        <div role="status" className="mt-3 space-y-2 rounded-md bg-blue-50 p-3 text-sm text-blue-900">
          <p>
            Invitation created for {created.email}; share this link with them: it works once, until{" "}
            {formatUtc(created.until.getTime())}, and is shown only now.
          </p>
          <input
            readOnly
            aria-label={`Invitation link for ${created.email}`}
            className="input font-mono text-xs"
            value={created.link}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
      {notice ? (
        <p role="alert" className="field-error mt-3">
          {notice}
        </p>
      ) : null}

      <h3 className="mt-5 text-sm font-semibold">Pending invitations</h3>
      {(pending.data ?? []).length === 0 ? (
        <p className="text-sm text-slate-500">None.</p>
      ) : (
        <table className="mt-2 w-full text-sm" aria-label="Pending invitations">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th className="py-2 font-medium">Email</th>
              <th className="py-2 font-medium">Role</th>
              <th className="py-2 font-medium">Invited by</th>
              <th className="py-2 font-medium">Link valid until</th>
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(pending.data ?? []).map((i) => (
              <tr key={i.id} className="border-b border-slate-100">
                <td className="py-2">{i.email}</td>
                <td className="py-2">{i.role}</td>
                <td className="py-2 text-slate-600">{i.invitedByName ?? "a former member"}</td>
                <td className="py-2 text-slate-600">
                  {i.expired ? "expired: invite again for a new link" : formatUtc(i.expiresAt.getTime())}
                </td>
                <td className="py-2 text-right">
                  <button
                    type="button"
                    className="btn-secondary text-xs"
                    aria-label={`Revoke the invitation for ${i.email}`}
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ teamId: team.id, invitationId: i.id })}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
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
