"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/app/components/field";
import { authClient } from "@/app/lib/auth-client";

export function SignInForm() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your email and password");
      return;
    }
    setBusy(true);
    const result = await authClient.signIn.email({ email: email.trim(), password });
    setBusy(false);
    if (result.error) {
      // Two limits answer 429: the account's (its message says when to try again) and the address's.
      const accountLocked = result.error.message?.startsWith("Too many failed sign-ins");
      setError(
        result.error.status !== 429
          ? "That email and password do not match an account"
          : accountLocked && result.error.message
            ? result.error.message
            : "Too many attempts from this address: wait a minute, then try again",
      );
      return;
    }
    router.push("/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field id="email" label="Email">
        <input
          id="email"
          type="email"
          className="input"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="username"
        />
      </Field>
      <Field id="password" label="Password" error={error ?? undefined}>
        <input
          id="password"
          type="password"
          className="input"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={!!error}
          autoComplete="current-password"
        />
      </Field>
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
