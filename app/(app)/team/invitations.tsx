"use client";
// Invitations of the current team (owners only): invite by email, copy the one-time link to send,
// and revoke what is still pending. People join through these links; there are no temporary
// passwords to hand out.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Field, fieldErrorsOf, formError } from "@/app/components/field";
import { useTRPC } from "@/app/trpc/client";
import type { TeamSummary } from "@/server/teams/teams";
import { formatUtc } from "@/shared/format";
import { email as emailSchema, ROLES, type Role } from "@/shared/teams";

const ROLE_HELP: Record<Role, string> = {
  owner: "manages members and edits",
  analyst: "edits assessments",
  viewer: "reads, comments, exports",
};

/** Owners invite by email; the person accepts or declines. Pending invitations can be revoked. */
export function Invitations({ team }: { team: TeamSummary }) {
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
          <div className="flex gap-2">
            <input
              readOnly
              aria-label={`Invitation link for ${created.email}`}
              className="input font-mono text-xs"
              value={created.link}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={created.link} label={`Copy the link for ${created.email}`} />
          </div>
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

/**
 * Copies `text` and says so beside the button ("Copied", for a few seconds); where the clipboard
 * is refused (an insecure origin, a denied permission) it says to copy by hand instead.
 */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <span className="flex shrink-0 items-center gap-2">
      <button
        type="button"
        className="btn-secondary"
        aria-label={label}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState("copied");
          } catch {
            setState("failed");
          }
        }}
      >
        Copy
      </button>
      <span role="status" className={`text-xs font-medium ${state === "failed" ? "text-red-700" : "text-emerald-800"}`}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the link and copy it" : ""}
      </span>
    </span>
  );
}
