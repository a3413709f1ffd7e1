// First run: tells pages whether the first account still has to be created.

import * as out from "@/server/routers/outputs";
import { userCount } from "@/server/teams/first-account";
import { createTRPCRouter, publicProcedure } from "@/server/trpc";

export const setupRouter = createTRPCRouter({
  status: publicProcedure
    .output(out.setupStatus)
    .query(async ({ ctx }) => ({ needsFirstAccount: (await userCount(ctx.db)) === 0 })),
});
