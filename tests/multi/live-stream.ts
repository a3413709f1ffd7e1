// A page's change stream without the page: `workspace.onChange` over server-sent events on one
// instance, as a session follows an assessment. It records the seq of every notice (tRPC's tracked
// id), so the runner can check that the notices of every commit, made on either instance, reached
// the followers on both, once each and in order.
import superjson from "superjson";
import type { Session } from "./http";

export interface LiveStream {
  /** The seqs of the notices received, in the order they arrived. */
  readonly seqs: number[];
  /** Resolves once the seq `seq` (or a later one) has arrived; rejects after `ms`. */
  reached(seq: number, ms: number): Promise<void>;
  close(): void;
}

export async function followChanges(session: Session, base: string, assessmentId: string): Promise<LiveStream> {
  const abort = new AbortController();
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ assessmentId })));
  const response = await fetch(`${base}/api/trpc/workspace.onChange?input=${input}`, {
    headers: { cookie: session.cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`workspace.onChange on ${base} answered ${response.status}`);
  const seqs: number[] = [];
  const waiting = new Set<() => void>();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let connected: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });
  let buffered = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "event: connected") connected();
        if (line.startsWith("id: ")) {
          seqs.push(Number(line.slice(4)));
          for (const wake of waiting) wake();
        }
      }
    }
  })().catch(() => {});
  // The stream says "connected" once the server has checked access and follows the assessment.
  await ready;
  return {
    seqs,
    reached(seq, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if ((seqs[seqs.length - 1] ?? 0) < seq) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`the stream on ${base} did not reach seq ${seq} within ${ms} ms (last ${seqs.at(-1)})`));
        }, ms);
        waiting.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
