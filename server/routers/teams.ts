// Teams and members: any member reads, owners manage. People join by invitation, which the
// invitee accepts with its link (signed in, or creating their account) or declines
// (server/teams/invitations.ts).
import { z } from "zod";
import * as out from "@/server/routers/outputs";
import * as invitations from "@/server/teams/invitations";
import * as teams from "@/server/teams/teams";
import { authedProcedure, createTRPCRouter, publicProcedure, teamProcedure, zId } from "@/server/trpc";
import { email, invitationToken, newAccount, role, staleAfterDays, teamName } from "@/shared/teams";

export const teamsRouter = createTRPCRouter({
  mine: authedProcedure.output(out.myTeams).query(async ({ ctx }) => ({
    teams: await teams.listTeams(ctx.db, ctx.user.id),
    active: await teams.activeTeam(ctx.db, ctx.user.id),
    user: ctx.user,
  })),
  setActive: teamProcedure("viewer")
    .output(out.team)
    .mutation(({ ctx }) => teams.setActiveTeam(ctx.team)),
  create: authedProcedure
    .input(z.object({ name: teamName }))
    .output(out.team)
    .mutation(({ ctx, input }) => teams.createTeam(ctx.db, ctx.user.id, input.name)),
  updateSettings: teamProcedure("owner")
    .input(z.object({ name: teamName.optional(), staleAfterDays: staleAfterDays.optional() }))
    .output(out.team)
    .mutation(({ ctx, input }) => teams.updateTeamSettings(ctx.team, input)),
  members: teamProcedure("viewer")
    .output(out.members)
    .query(({ ctx }) => teams.listMembers(ctx.team)),
  changeRole: teamProcedure("owner")
    .input(z.object({ userId: zId, role }))
    .output(out.members)
    .mutation(({ ctx, input }) => teams.changeRole(ctx.team, input)),
  /** Anyone may leave (their own id); only an owner removes someone else, checked in removeMember. */
  removeMember: teamProcedure("viewer")
    .input(z.object({ userId: zId }))
    .output(out.removedMember)
    .mutation(({ ctx, input }) => teams.removeMember(ctx.team, input)),

  invite: teamProcedure("owner")
    .input(z.object({ email, role }))
    .output(out.invited)
    .mutation(({ ctx, input }) => invitations.invite(ctx.team, input)),
  invitations: teamProcedure("owner")
    .output(out.invitations)
    .query(({ ctx }) => invitations.listInvitations(ctx.team)),
  revokeInvitation: teamProcedure("owner")
    .input(z.object({ invitationId: zId }))
    .output(out.invitations)
    .mutation(({ ctx, input }) => invitations.revokeInvitation(ctx.team, input)),
  myInvitations: authedProcedure
    .output(out.myInvitations)
    .query(({ ctx }) => invitations.myInvitations(ctx.db, ctx.user)),
  /** Accepting takes the link's token: the link, not the account's address, proves who was invited. */
  acceptInvitation: authedProcedure
    .input(z.object({ token: invitationToken }))
    .output(out.team)
    .mutation(({ ctx, input }) => invitations.acceptInvitation(ctx.db, ctx.user, input.token)),
  declineInvitation: authedProcedure
    .input(z.object({ invitationId: zId }))
    .output(out.myInvitations)
    .mutation(({ ctx, input }) => invitations.declineInvitation(ctx.db, ctx.user, input.invitationId)),
  /** The invitation behind a link, for whoever holds it (no session needed). */
  invitationByToken: publicProcedure
    .input(z.object({ token: invitationToken }))
    .output(out.linkInvitation)
    .query(({ ctx, input }) => invitations.invitationByToken(ctx.db, input.token)),
  /** Creates the invited address's account through the link and joins the team (no session needed). */
  signUpWithInvitation: publicProcedure
    .input(z.object({ token: invitationToken, ...newAccount.shape }))
    .output(out.invitedAccount)
    .mutation(({ ctx, input }) => invitations.signUpWithInvitation(ctx.db, input)),
});
