"use client";
// Undo and redo of the analyst's own changes: two buttons that say what they would revert, and
// Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y anywhere in the workspace except while typing in a text
// field (where the browser's own undo of the text applies). Each is a new event in the history,
// "Undo of #N: …", committed at the version the page holds like any other save.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { useSaving, useWorkspaceSelect, useWorkspaceStable } from "./workspace-context";

/** Undo and redo act on saved changes: in what-if mode they are put away, so Ctrl+Z never reaches the history. */
const inWhatIf = (api: { whatIf: { active: boolean } }) => api.whatIf.active;

type Direction = "undo" | "redo";

const NOT_TEXT_INPUTS = new Set(["checkbox", "radio", "range", "button", "submit", "reset", "file", "color"]);

/** Whether a key goes to text being typed: then Ctrl+Z is the browser's undo of that text. */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT_INPUTS.has(target.type);
}

/** Undo, redo or neither, for a key press. */
export function undoKey(
  e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">,
): Direction | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === "z") return e.shiftKey ? "redo" : "undo";
  if (key === "y" && !e.shiftKey) return "redo";
  return null;
}

export function UndoControls() {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const trpc = useTRPC();
  const whatIf = useWorkspaceSelect(inWhatIf);
  const enabled = ws.canEdit && !ws.moment && !whatIf;
  const status = useQuery({
    ...trpc.workspace.undoStatus.queryOptions({ assessmentId: ws.assessmentId }),
    enabled,
  });
  const { refetch } = status;
  const version = ws.serverState.version;
  // Every change (this page's or another analyst's) may change what undo and redo would revert.
  useEffect(() => {
    if (enabled && version > 0) void refetch();
  }, [enabled, version, refetch]);

  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const targets = useRef(status.data);
  targets.current = status.data;

  const run = useCallback(
    async (direction: Direction) => {
      const target = targets.current?.[direction];
      setBusy(true);
      const error = await ws.save(direction, {});
      setBusy(false);
      // A conflict is shown in the workspace's banner, with who changed what since.
      if (error) setMessage(error.code === "CONFLICT" ? null : error.message);
      else
        setMessage(target ? `${direction === "undo" ? "Undone" : "Redone"}: #${target.seq} ${target.summary}` : null);
      void refetch();
    },
    [ws.save, refetch],
  );

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const direction = undoKey(e);
      if (!direction || e.defaultPrevented || typingIn(e.target)) return;
      // A dialog's own form is not the workspace.
      if (e.target instanceof Element && e.target.closest("[role=dialog]")) return;
      e.preventDefault();
      void run(direction);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, run]);

  if (!enabled) return null;
  const undo = status.data?.undo ?? null;
  const redo = status.data?.redo ?? null;
  // The analyst's last change is a round's adoption: undo stops there and says why.
  const blocked = status.data?.undoBlocked ?? null;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="btn-secondary px-2 py-1 text-xs"
        disabled={!undo || busy || saving}
        aria-keyshortcuts="Control+Z Meta+Z"
        title={undo ? `Undo #${undo.seq}: ${undo.summary} (Ctrl+Z)` : (blocked?.reason ?? "Nothing of yours to undo")}
        aria-describedby={blocked ? "undo-blocked" : undefined}
        onClick={() => void run("undo")}
      >
        <span aria-hidden>↶</span> Undo
        {undo ? <span className="sr-only">: {undo.summary}</span> : null}
      </button>
      {blocked ? (
        <span id="undo-blocked" className="sr-only">
          {blocked.reason}
        </span>
      ) : null}
      <button
        type="button"
        className="btn-secondary px-2 py-1 text-xs"
        disabled={!redo || busy || saving}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        title={redo ? `Redo: ${redo.summary} (Ctrl+Shift+Z)` : "Nothing to redo"}
        onClick={() => void run("redo")}
      >
        <span aria-hidden>↷</span> Redo
        {redo ? <span className="sr-only">: {redo.summary}</span> : null}
      </button>
      <span role="status" className="max-w-md truncate text-xs text-slate-600" title={message ?? undefined}>
        {message}
      </span>
    </span>
  );
}
