"use client";
// Invitations to the signed-in person's address. Declining needs nothing more; accepting needs the
// link the inviter shared (opened, or pasted here), since an account's address is never verified
// and only the link proves its holder is the one invited. Nothing shows when there are none.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/app/components/field";
import { useTRPC } from "@/app/trpc/client";
import { formatUtc } from "@/shared/format";

/** The token of a pasted invitation link (`…/invite/<token>`), or the text itself when it is a bare token. */
export function tokenOfInvitationLink(pasted: string): string {
  const text = pasted.trim();
  const match = /\/invite\/([^/?#\s]+)/.exec(text);
  return match?.[1] ?? text;
}

export function PendingInvitations() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.teams.myInvitations.queryOptions());
  const [link, setLink] = useState("");
  const [linkError, setLinkError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const accept = useMutation(
    trpc.teams.acceptInvitation.mutationOptions({
      onSuccess: () => {
        setLink("");
        setLinkError(null);
        setError(null);
        queryClient.invalidateQueries({ queryKey: trpc.teams.myInvitations.queryKey() });
        // The new team is now the active one: redraw the header's switcher and this page for it.
        router.refresh();
      },
      onError: (e) => setLinkError(e.message),
    }),
  );
  const decline = useMutation(
    trpc.teams.declineInvitation.mutationOptions({
      onSuccess: (rest) => {
        setError(null);
        queryClient.setQueryData(trpc.teams.myInvitations.queryKey(), rest);
      },
      onError: (e) => setError(e.message),
    }),
  );
  const rows = invitations.data ?? [];
  if (rows.length === 0 && !error) return null;
  const busy = accept.isPending || decline.isPending;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const token = tokenOfInvitationLink(link);
    if (!token) {
      setLinkError("Paste the invitation link the inviter shared with you");
      return;
    }
    setLinkError(null);
    accept.mutate({ token });
  }

  return (
    <section className="card mb-5 p-5" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" className="font-semibold">
        Invitations
      </h2>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <ul className="mt-2 divide-y divide-slate-100">
        {rows.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
            <span>
              {i.invitedByName ?? "An owner"} invited you to join <strong>{i.teamName}</strong> as {i.role}
              <span className="text-slate-500"> · until {formatUtc(i.expiresAt.getTime())}</span>
            </span>
            <button
              type="button"
              className="btn-secondary text-xs"
              aria-label={`Decline the invitation to ${i.teamName}`}
              disabled={busy}
              onClick={() => decline.mutate({ invitationId: i.id })}
            >
              Decline
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate className="mt-3" aria-label="Accept an invitation">
        <Field
          id="invitation-link"
          label="Invitation link"
          error={linkError ?? undefined}
          hint="To accept, open the link the person who invited you shared, or paste it here."
        >
          <div className="flex flex-wrap gap-2">
            <input
              id="invitation-link"
              className="input min-w-0 flex-1"
              value={link}
              onChange={(e) => setLink(e.target.value)}
              placeholder="https://…/invite/…"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!linkError}
              aria-describedby={linkError ? "invitation-link-error" : "invitation-link-hint"}
            />
            <button type="submit" className="btn-primary" disabled={busy}>
              Accept
            </button>
          </div>
        </Field>
      </form>
    </section>
  );
}
