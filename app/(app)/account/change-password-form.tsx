"use client";
import { useState } from "react";
import { Field } from "@/app/components/field";
import { authClient } from "@/app/lib/auth-client";
import { PASSWORD_MIN } from "@/shared/limits";
import { password } from "@/shared/teams";

export function ChangePasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setDone(false);
    const found: Record<string, string> = {};
    if (!current) found.current = "Enter your current password";
    const checked = password.safeParse(next);
    if (!checked.success) found.next = checked.error.issues[0]?.message ?? "";
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const { error } = await authClient.changePassword({
      currentPassword: current,
      newPassword: next,
      revokeOtherSessions: true,
    });
    setBusy(false);
    if (error) {
      setErrors(
        error.status === 429
          ? { current: error.message ?? "Too many attempts: wait a minute, then try again" }
          : /password/i.test(error.message ?? "") && /invalid|incorrect/i.test(error.message ?? "")
            ? { current: "That is not your current password" }
            : { next: error.message ?? "The password was not changed" },
      );
      return;
    }
    setCurrent("");
    setNext("");
    setDone(true);
  }

  return (
    <form onSubmit={submit} noValidate className="card space-y-4 p-5">
      <h2 className="font-semibold">Change password</h2>
      <Field id="current-password" label="Current password" error={errors.current}>
        <input
          id="current-password"
          type="password"
          className="input"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          aria-invalid={!!errors.current}
          autoComplete="current-password"
        />
      </Field>
      <Field
        id="new-password"
        label="New password"
        error={errors.next}
        hint={`At least ${PASSWORD_MIN} characters. Other sessions are signed out.`}
      >
        <input
          id="new-password"
          type="password"
          className="input"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          aria-invalid={!!errors.next}
          autoComplete="new-password"
        />
      </Field>
      {done ? (
        <p role="status" className="text-sm text-emerald-800">
          Password changed.
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
