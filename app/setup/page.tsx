// First run: while no account exists, every page leads here.
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/components/auth-card";
import { serverCaller } from "@/app/trpc/server";
import { FirstAccountForm } from "./first-account-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create the first account" };

export default async function SetupPage() {
  const { needsFirstAccount } = await (await serverCaller()).setup.status();
  if (!needsFirstAccount) redirect("/sign-in");
  return (
    <AuthCard
      title="Create the first account"
      intro="This account owns the default team, which holds the demo assessment. You can add colleagues afterwards."
    >
      <FirstAccountForm />
    </AuthCard>
  );
}
