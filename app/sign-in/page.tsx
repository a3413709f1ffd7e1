import { redirect } from "next/navigation";
import { AuthCard } from "@/app/components/auth-card";
import { getDb } from "@/db/connection";
import { currentPageUser } from "@/server/auth/pages";
import { userCount } from "@/server/teams/first-account";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (userCount(getDb()) === 0) redirect("/setup");
  if (await currentPageUser()) redirect("/");
  return (
    <AuthCard title="Sign in" intro="No account yet? Ask an owner of your team to add you.">
      <SignInForm />
    </AuthCard>
  );
}
