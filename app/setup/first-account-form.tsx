"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/app/components/field";
import { TextField } from "@/app/components/text-field";
import { authClient } from "@/app/lib/auth-client";
import { fieldErrors } from "@/shared/forms";
import { DISPLAY_NAME_MAX, PASSWORD_MIN } from "@/shared/limits";
import { email as emailSchema, newAccount } from "@/shared/teams";

export function FirstAccountForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  function validate() {
    return fieldErrors(newAccount.extend({ email: emailSchema }).safeParse({ name, email, password }));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const { error } = await authClient.signUp.email({ name: name.trim(), email: email.trim(), password });
    setBusy(false);
    if (error) {
      const message = error.message ?? "The account could not be created";
      // The server names the field it refuses ("name: …"); password rules come from better-auth itself.
      const field = /^name: /.test(message) ? "name" : /password/i.test(message) ? "password" : "email";
      setErrors({ [field]: message.replace(/^name: /, "") });
      return;
    }
    router.push("/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField
        id="name"
        label="Your name"
        noun="Your name"
        max={DISPLAY_NAME_MAX}
        value={name}
        onChange={setName}
        error={errors.name}
        inputProps={{ autoComplete: "name" }}
      />
      <Field id="email" label="Email" error={errors.email}>
        <input
          id="email"
          type="email"
          className="input"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={!!errors.email}
          autoComplete="email"
        />
      </Field>
      <Field id="password" label="Password" error={errors.password} hint={`At least ${PASSWORD_MIN} characters.`}>
        <input
          id="password"
          type="password"
          className="input"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={!!errors.password}
          autoComplete="new-password"
        />
      </Field>
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {busy ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
