// Live updates from other analysts: the workspace's change subscription, the notice it shows, and
// the hold on notices while this page's own saves are in flight (useSaves releases them).
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { type RefObject, useCallback, useRef, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import type { AssessmentChangeNotice } from "@/server/live";
import type { EditAnswer } from "@/shared/assessment/answer";

export interface LiveNotices {
  /** The last change saved by someone else while this page was open. */
  remoteNotice: string | null;
  /** Shows a notice and brings the cached view up to it. */
  announce: (notice: AssessmentChangeNotice) => void;
  /** Saves in flight; notices wait in `heldNotice` until the last one answers. */
  inFlight: RefObject<number>;
  heldNotice: RefObject<AssessmentChangeNotice | null>;
}

export function useLiveNotices({
  assessmentId,
  enabled,
  queryKey,
  follow,
  versionRef,
}: {
  assessmentId: string;
  /** Off until the assessment is loaded, and in the as-of view. */
  enabled: boolean;
  queryKey: QueryKey;
  /** Follows an edit in the cached view; false when only a fresh read will do. */
  follow: (answer: EditAnswer) => boolean;
  /** The version the page holds now. */
  versionRef: RefObject<number>;
}): LiveNotices {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [remoteNotice, setRemoteNotice] = useState<string | null>(null);
  // While a save is in flight its own notice can arrive before its answer: hold notices until then.
  const inFlight = useRef(0);
  const heldNotice = useRef<AssessmentChangeNotice | null>(null);
  const announce = useCallback(
    (notice: AssessmentChangeNotice) => {
      setRemoteNotice(`${notice.actorName} saved a change (version ${notice.version}).`);
      if (!(notice.edit && follow(notice.edit))) void queryClient.invalidateQueries({ queryKey: queryKey });
    },
    [queryClient, queryKey, follow],
  );

  // The version the page held when the stream first opened: the server sends at once a change
  // committed after it (between this page's read and its subscription, on any instance). Kept
  // fixed, so later versions do not reopen the stream.
  const [sinceVersion, setSinceVersion] = useState<number | null>(null);
  if (enabled && sinceVersion === null) setSinceVersion(versionRef.current);

  useSubscription(
    trpc.workspace.onChange.subscriptionOptions(
      sinceVersion === null ? { assessmentId } : { assessmentId, sinceVersion },
      {
        enabled: enabled && sinceVersion !== null,
        onData: ({ data: notice }) => {
          if (inFlight.current > 0) {
            if (notice.version > (heldNotice.current?.version ?? 0)) heldNotice.current = notice;
          } else if (notice.version > versionRef.current) {
            announce(notice);
          }
        },
        // The server ends a stream whose session was revoked or whose member left the team.
        onError: (error) =>
          setRemoteNotice(
            error.data?.code === "UNAUTHORIZED"
              ? "Your session has ended, so live updates stopped: sign in again to keep working."
              : `Live updates stopped: ${error.message}`,
          ),
      },
    ),
  );

  return { remoteNotice, announce, inFlight, heldNotice };
}
