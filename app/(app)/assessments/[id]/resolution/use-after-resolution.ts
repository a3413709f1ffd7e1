// The query cache after a resolve or reopen, shared by the form and the Reopen button.
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/trpc/client";
import type { AssessmentView } from "./resolution-shared";

/**
 * After a resolve or reopen: the new state, and every history read (scores, calibration…) marked
 * stale. Nothing is refetched while still on screen: the scorecard being replaced by the form would
 * otherwise ask for the score of an assessment that is no longer resolved.
 */
export function useAfterResolution(assessmentId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (next: AssessmentView) => {
    if (next.state.status === "resolved") {
      // No scorecard is on screen yet: drop any from an earlier resolution so none flashes.
      queryClient.removeQueries({ queryKey: trpc.history.score.queryKey({ assessmentId }) });
    }
    queryClient.setQueryData(trpc.assessments.get.queryKey({ assessmentId }), next);
    void queryClient.invalidateQueries({ queryKey: trpc.history.pathKey(), refetchType: "none" });
    void queryClient.invalidateQueries({ queryKey: trpc.assessments.list.pathKey() });
  };
}
