"use client";
// The invitee's answer on the link's page: accept (with this link's token, the proof of being the
// one invited) or decline when signed in with the invited address; otherwise sign in with it, or
// create its account (name and password) and join at once.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, fieldErrorsOf, formError } from "@/app/components/field";
import { TextField } from "@/app/components/text-field";
import { authClient } from "@/app/lib/auth-client";
import { useTRPC } from "@/app/trpc/client";
import { fieldErrors } from "@/shared/forms";
import { DISPLAY_NAME_MAX, PASSWORD_MIN } from "@/shared/limits";
import { newAccount } from "@/shared/teams";

interface Props {
  token: string;
  invitation: { id: string; email: string; teamName: string };
  signedInAs: { email: string; name: string } | null;
}

export function InviteAnswer(props: Props) {
  if (!props.signedInAs) return <NewAccount {...props} />;
  if (props.signedInAs.email.toLowerCase() !== props.invitation.email) {
    return <SomeoneElse invited={props.invitation.email} signedInAs={props.signedInAs.email} />;
  }
  return <Answer token={props.token} invitation={props.invitation} />;
}

function Answer({ token, invitation }: { token: string; invitation: Props["invitation"] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [declined, setDeclined] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = useMutation(
    trpc.teams.acceptInvitation.mutationOptions({
      onSuccess: () => {
        router.push("/");
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const decline = useMutation(
    trpc.teams.declineInvitation.mutationOptions({
      onSuccess: () => setDeclined(true),
      onError: (e) => setError(e.message),
    }),
  );
  if (declined) {
    return (
      <div className="space-y-4">
        <p role="status" className="text-sm">
          You declined the invitation to {invitation.teamName}.
        </p>
        <Link href="/" className="btn-secondary">
          Go to your assessments
        </Link>
      </div>
    );
  }
  const busy = accept.isPending || decline.isPending;
  return (
    <div className="space-y-4">
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="button" className="btn-primary" disabled={busy} onClick={() => accept.mutate({ token })}>
          Accept and join
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={busy}
          onClick={() => decline.mutate({ invitationId: invitation.id })}
        >
          Decline
        </button>
      </div>
    </div>
  );
}

function SomeoneElse({ invited, signedInAs }: { invited: string; signedInAs: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-4 text-sm">
      <p role="status">
        You are signed in as {signedInAs}, but this invitation is for {invited}. Sign out to answer it with that
        address.
      </p>
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await authClient.signOut();
          // Stay on the link: signed out, it offers signing in or creating the invited account.
          router.refresh();
          setBusy(false);
        }}
      >
        Sign out
      </button>
    </div>
  );
}

function NewAccount({ token, invitation }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [signingIn, setSigningIn] = useState(false);
  const create = useMutation(
    trpc.teams.signUpWithInvitation.mutationOptions({
      onSuccess: async (created) => {
        setSigningIn(true);
        const result = await authClient.signIn.email({ email: created.email, password });
        if (result.error) {
          setSigningIn(false);
          setErrors({ form: "Your account was created and has joined the team; sign in to continue." });
          return;
        }
        router.push("/");
        router.refresh();
      },
      onError: (e) => setErrors({ ...fieldErrorsOf(e), form: e.message }),
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const checked = newAccount.safeParse({ name, password });
    setErrors(fieldErrors(checked));
    if (!checked.success) return;
    create.mutate({ token, ...checked.data });
  }

  const form = formError(errors, ["name", "password"]);
  return (
    <div className="space-y-5">
      <p className="text-sm text-slate-600">
        Already have an account for {invitation.email}?{" "}
        <Link href="/sign-in" className="font-medium text-blue-700 underline">
          Sign in
        </Link>{" "}
        with it, then open this link again to accept.
      </p>
      <form onSubmit={submit} noValidate className="space-y-4" aria-label="Create your account">
        <h2 className="font-semibold">New here? Create your account</h2>
        <Field id="invite-account-email" label="Email">
          <input id="invite-account-email" className="input" value={invitation.email} readOnly />
        </Field>
        <TextField
          id="invite-account-name"
          label="Your name"
          noun="Your name"
          max={DISPLAY_NAME_MAX}
          value={name}
          onChange={setName}
          error={errors.name}
          inputProps={{ autoComplete: "name" }}
        />
        <Field
          id="invite-account-password"
          label="Password"
          error={errors.password}
          hint={`At least ${PASSWORD_MIN} characters.`}
        >
          <input
            id="invite-account-password"
            type="password"
            className="input"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!errors.password}
            autoComplete="new-password"
          />
        </Field>
        {form ? (
          <p role="alert" className="field-error">
            {form}
          </p>
        ) : null}
        <button type="submit" className="btn-primary w-full" disabled={create.isPending || signingIn}>
          {create.isPending || signingIn ? "Creating…" : "Create account and join"}
        </button>
      </form>
    </div>
  );
}
