// Teams and members: any member reads, owners manage.
import { z } from "zod";
import { ROLES } from "@/db/schema";
import { displayName } from "@/server/accounts/display-name";
import * as teams from "@/server/teams/teams";
import { authedProcedure, createTRPCRouter, zId } from "@/server/trpc";

const teamName = z.string().trim().min(1, "Give the team a name").max(120, "A team name is at most 120 characters");
const role = z.enum(ROLES, { error: "Role must be owner, analyst or viewer" });

export const teamsRouter = createTRPCRouter({
  mine: authedProcedure.query(({ ctx }) => ({
    teams: teams.listTeams(ctx.db, ctx.user.id),
    active: teams.activeTeam(ctx.db, ctx.user.id),
    user: ctx.user,
  })),
  setActive: authedProcedure
    .input(z.object({ teamId: zId }))
    .mutation(({ ctx, input }) => teams.setActiveTeam(ctx.db, ctx.user.id, input.teamId)),
  create: authedProcedure
    .input(z.object({ name: teamName }))
    .mutation(({ ctx, input }) => teams.createTeam(ctx.db, ctx.user.id, input.name)),
  updateSettings: authedProcedure
    .input(
      z.object({
        teamId: zId,
        name: teamName.optional(),
        staleAfterDays: z
          .number({ error: "Days before an indicator counts as stale must be a number" })
          .int("Use a whole number of days")
          .min(1, "At least 1 day")
          .max(365, "At most 365 days")
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => teams.updateTeamSettings(ctx.db, ctx.user.id, input)),
  members: authedProcedure
    .input(z.object({ teamId: zId }))
    .query(({ ctx, input }) => teams.listMembers(ctx.db, ctx.user.id, input.teamId)),
  addMember: authedProcedure
    .input(
      z.object({
        teamId: zId,
        // Trim first: a pasted address often carries a space, which is not what makes it wrong.
        email: z
          .string({ error: "Enter an email address such as name@example.org" })
          .trim()
          .pipe(
            z
              .email({ error: "Enter an email address such as name@example.org" })
              .max(254, "An email address is at most 254 characters"),
          ),
        // Only needed for a new account (the domain function says so when it is missing).
        name: z
          .string()
          .trim()
          .transform((s) => s || undefined)
          .pipe(displayName.optional())
          .optional(),
        role,
      }),
    )
    .mutation(({ ctx, input }) => teams.addMember(ctx.db, ctx.user.id, input)),
  changeRole: authedProcedure
    .input(z.object({ teamId: zId, userId: zId, role }))
    .mutation(({ ctx, input }) => teams.changeRole(ctx.db, ctx.user.id, input)),
  removeMember: authedProcedure
    .input(z.object({ teamId: zId, userId: zId }))
    .mutation(({ ctx, input }) => teams.removeMember(ctx.db, ctx.user.id, input)),
});
