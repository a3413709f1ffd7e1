// The application router: every procedure the browser and tests can call.
import { assessmentsRouter } from "@/server/routers/assessments";
import { historyRouter } from "@/server/routers/history";
import { roundsRouter } from "@/server/routers/rounds";
import { setupRouter } from "@/server/routers/setup";
import { teamsRouter } from "@/server/routers/teams";
import { workspaceRouter } from "@/server/routers/workspace";
import { createCallerFactory, createTRPCRouter } from "@/server/trpc";

export const appRouter = createTRPCRouter({
  setup: setupRouter,
  teams: teamsRouter,
  assessments: assessmentsRouter,
  workspace: workspaceRouter,
  history: historyRouter,
  rounds: roundsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, for tests and server pages; never for one procedure calling another. */
export const createCaller = createCallerFactory(appRouter);
