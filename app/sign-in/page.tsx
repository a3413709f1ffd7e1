import { redirect } from "next/navigation";
import { AuthCard } from "@/app/components/auth-card";
import { serverCaller } from "@/app/trpc/server";
import { currentPageUser } from "@/server/auth/pages";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  if ((await (await serverCaller()).setup.status()).needsFirstAccount) redirect("/setup");
  if (await currentPageUser()) redirect("/");
  return (
    <AuthCard
      title="Sign in"
      intro="No account yet? Ask an owner of your team to invite you, then open the link they share."
    >
      <SignInForm />
    </AuthCard>
  );
}
