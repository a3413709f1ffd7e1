// An invitation link: which team, which role, from whom, and the invitee's answer. Signed in with
// the invited address: accept or decline. Without an account: create one for that address (the
// only way to an account besides the first, since sign-up is otherwise closed).
import Link from "next/link";
import { AuthCard } from "@/app/components/auth-card";
import { getQueryClient, trpc } from "@/app/trpc/server";
import { currentPageUser } from "@/server/auth/pages";
import { formatUtc } from "@/shared/format";
import { InviteAnswer } from "./invite-answer";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentPageUser();
  let problem = "";
  const invitation = await getQueryClient()
    .fetchQuery(trpc.teams.invitationByToken.queryOptions({ token }))
    .catch((error: unknown) => {
      problem = error instanceof Error ? error.message : "This invitation link is not valid.";
      return null;
    });
  if (!invitation) {
    return (
      <AuthCard title="This invitation cannot be used" intro={problem}>
        <Link href={user ? "/" : "/sign-in"} className="btn-secondary">
          {user ? "Go to your assessments" : "Sign in"}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={`Join ${invitation.teamName}`}
      intro={
        <>
          {invitation.invitedByName ?? "An owner"} invites <strong>{invitation.email}</strong> to join{" "}
          {invitation.teamName} as {invitation.role}. The link works until {formatUtc(invitation.expiresAt.getTime())}.
        </>
      }
    >
      <InviteAnswer
        token={token}
        invitation={{ id: invitation.id, email: invitation.email, teamName: invitation.teamName }}
        signedInAs={user ? { email: user.email, name: user.name } : null}
      />
    </AuthCard>
  );
}
