// What the readout measures changes from: the call when the page opened, or the call at one of the
// assessment's baselines (the probabilities its history event recorded).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { formatDay } from "@/shared/format";

export const SINCE_OPENED = "opened";

export interface ReferenceCall {
  /** SINCE_OPENED or a baseline id. */
  choice: string;
  choose: (choice: string) => void;
  /** The options of the picker: since opened, then each baseline. */
  options: { value: string; label: string }[];
  /** The reference probabilities, or null while a baseline's are loading. */
  probabilities: Readonly<Record<string, number>> | null;
  /** "since opened", "since ‘Brief to J2’". */
  label: string;
}

export function useReferenceCall({
  assessmentId,
  opened,
  withBaselines,
}: {
  assessmentId: string;
  /** The saved call when the page opened. */
  opened: Readonly<Record<string, number>>;
  /** Off on a past moment, where "since a baseline" would mix two moments. */
  withBaselines: boolean;
}): ReferenceCall {
  const trpc = useTRPC();
  const [choice, choose] = useState(SINCE_OPENED);
  const baselines = useQuery({ ...trpc.history.baselines.queryOptions({ assessmentId }), enabled: withBaselines });
  const chosen = choice === SINCE_OPENED ? undefined : baselines.data?.find((b) => b.id === choice);
  // The baseline's own event carries the probabilities of the state it named.
  const event = useQuery({
    ...trpc.history.changes.queryOptions({ assessmentId, before: (chosen?.eventSeq ?? 0) + 1, limit: 1 }),
    enabled: !!chosen,
  });
  const item = event.data?.items[0];
  const options = [
    { value: SINCE_OPENED, label: "since the page opened" },
    ...(baselines.data ?? []).map((b) => ({
      value: b.id,
      label: `since ‘${b.name}’ (${formatDay(b.createdAt.toISOString())})`,
    })),
  ];
  if (!chosen) return { choice: SINCE_OPENED, choose, options, probabilities: opened, label: "since opened" };
  return {
    choice,
    choose,
    options,
    probabilities: item && item.seq === chosen.eventSeq ? item.probabilities : null,
    label: `since ‘${chosen.name}’`,
  };
}
