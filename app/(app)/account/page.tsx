import { requirePageUser } from "@/server/auth/pages";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      <p className="mb-5 text-sm text-slate-600">
        {user.name} · {user.email}
      </p>
      <ChangePasswordForm />
    </div>
  );
}
