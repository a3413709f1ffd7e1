// Who may make each workspace edit (issue 4): analyst and owner may, a viewer is refused, another
// team finds nothing, a signed-out caller is refused; nothing is written by a refused edit.
import { describe, expect, it } from "vitest";
import { expectRefusal } from "./harness";
import {
  createFixture,
  EDITS,
  expectCommitted,
  KIND,
  RATIONALE,
  refuse,
  setUpWorkspaceWorld,
  teamB,
  VALID,
  world,
} from "./workspace-fixture";
import { edit, expectUnchanged, snapshot } from "./workspace-helpers";

setUpWorkspaceWorld();

describe("who may edit", () => {
  it.each(EDITS)(
    "%s: analyst and owner may; viewer FORBIDDEN; another team NOT_FOUND; signed-out UNAUTHORIZED",
    async (name) => {
      const f = await createFixture(`Roles: ${name}`);
      const input = VALID[name](f);
      const viewer = await refuse(f.id, name, input, "FORBIDDEN", null, world.viewer);
      expect(viewer.message).toBe(
        "Your role in this team is viewer, which reads, comments and exports: only an analyst or owner can change assessments.",
      );
      const stranger = await refuse(f.id, name, input, "NOT_FOUND", "assessmentId", world.ownerB);
      expect(stranger.message).toBe(`No assessment with id '${f.id}'`);
      const before = await snapshot(f.id);
      await expectRefusal(
        edit(world.anonymous, name, { assessmentId: f.id, version: before.state.version, ...input }),
        "UNAUTHORIZED",
      );
      await expectUnchanged(f.id, before);

      for (const who of [world.analyst, world.owner]) {
        const g = who === world.analyst ? f : await createFixture(`Roles: ${name} by the owner`);
        const start = await snapshot(g.id);
        const answer = await edit(who.caller, name, {
          assessmentId: g.id,
          version: start.state.version,
          rationale: RATIONALE,
          ...VALID[name](g),
        });
        await expectCommitted(start, answer, KIND[name], who);
      }
    },
  );

  it("team A's analyst cannot edit team B's assessment, even with its real ids", async () => {
    const before = await snapshot(teamB.id);
    const error = await expectRefusal(
      world.analyst.caller.workspace.updateIndicator({
        assessmentId: teamB.id,
        version: before.state.version,
        indicatorId: teamB.indicator,
        weight: 0,
      }),
      "NOT_FOUND",
    );
    expect(error.message).toBe(`No assessment with id '${teamB.id}'`);
    await expectUnchanged(teamB.id, before);
  });
});
