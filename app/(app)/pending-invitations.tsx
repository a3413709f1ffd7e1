"use client";
// Invitations to the signed-in person's address, answered here: accepting joins the team (and
// opens it), declining drops the offer. Nothing shows when there are none.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { formatUtc } from "@/server/format";

export function PendingInvitations() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.teams.myInvitations.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const accept = useMutation(
    trpc.teams.acceptInvitation.mutationOptions({
      onSuccess: () => {
        setError(null);
        queryClient.invalidateQueries({ queryKey: trpc.teams.myInvitations.queryKey() });
        // The new team is now the active one: redraw the header's switcher and this page for it.
        router.refresh();
      },
      onError: (e) => setError(e.message),
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
            <span className="flex gap-2">
              <button
                type="button"
                className="btn-primary text-xs"
                aria-label={`Accept the invitation to ${i.teamName}`}
                disabled={busy}
                onClick={() => accept.mutate({ invitationId: i.id })}
              >
                Accept
              </button>
              <button
                type="button"
                className="btn-secondary text-xs"
                aria-label={`Decline the invitation to ${i.teamName}`}
                disabled={busy}
                onClick={() => decline.mutate({ invitationId: i.id })}
              >
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
