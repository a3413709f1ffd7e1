// Decisions that used to rely on nothing running between a check and its write (the synchronous
// domain layer) and now take the row's lock, on either store: what a request checked a moment ago
// may no longer hold when its transaction runs.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import * as schema from "@/db/tables";
import { checkTeamAccess } from "@/server/access";
import { getAuth } from "@/server/auth";
import { seedDemo } from "@/server/demo/seed";
import { invite } from "@/server/teams/invitations";
import { buildWorld, openTestDatabase, TEST_PASSWORD, type TestDatabase, type World } from "./harness";

describe("an owner demoted while their request waits", () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld();
  });

  afterAll(async () => {
    await world?.db.cleanup();
  });

  it("cannot leave a fresh invitation link behind: the role is checked again under the team's lock", async () => {
    const teamId = world.teamA.id;
    // Make the analyst an owner, and let their request pass its role check…
    await world.owner.caller.teams.changeRole({ teamId, userId: world.analyst.id, role: "owner" });
    const checked = await checkTeamAccess(getDb(), world.analyst.id, teamId, "owner");
    // …then another owner demotes them before the request writes.
    await world.owner.caller.teams.changeRole({ teamId, userId: world.analyst.id, role: "analyst" });
    await expect(invite(checked, { email: "late-link@example.org", role: "owner" })).rejects.toThrow(
      /no longer an owner of this team/,
    );
    const links = await getDb()
      .select({ id: schema.invitations.id })
      .from(schema.invitations)
      .where(and(eq(schema.invitations.teamId, teamId), eq(schema.invitations.email, "late-link@example.org")));
    expect(links).toEqual([]);
  });
});

describe("two people signing up first at the same moment", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    await seedDemo(getDb());
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  it("give the default team exactly one owner", async () => {
    const signUp = (email: string, name: string) =>
      getAuth()
        .api.signUpEmail({ body: { email, password: TEST_PASSWORD, name } })
        .then(
          () => "created",
          () => "refused",
        );
    const outcomes = await Promise.all([
      signUp("first-a@example.org", "First A"),
      signUp("first-b@example.org", "First B"),
    ]);
    expect(outcomes).toContain("created");
    const owners = await getDb()
      .select({ userId: schema.members.userId })
      .from(schema.members)
      .where(eq(schema.members.role, "owner"));
    expect(owners).toHaveLength(1);
  });
});
