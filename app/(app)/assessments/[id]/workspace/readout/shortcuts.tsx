"use client";
// The workspace's keyboard shortcuts (g then m / e / x / w, and ? for their list), the skip links
// that show on focus, and the "Keyboard shortcuts" help. Two-key sequences stay clear of the
// browser's own keys (Alt+digit and Ctrl+digit switch tabs) and of the matrix's (arrows, digits,
// Enter); they are ignored while typing, and can be turned off (WCAG 2.1.4) in the help.
import { useEffect, useRef, useSyncExternalStore } from "react";
import { Dialog } from "@/app/components/dialog";
import { JUMP_IDS, JUMP_LABELS, type JumpTarget, jumpTo } from "./jump";

const STORAGE_KEY = "signpost.workspace-shortcuts";
/** How long after "g" the second key still counts. */
const SEQUENCE_MS = 1_500;

export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ["g", "m"], what: "Go to the indicator matrix (its current cell)" },
  { keys: ["g", "e"], what: "Go to the evidence locker" },
  { keys: ["g", "x"], what: "Go to the explanations" },
  { keys: ["g", "w"], what: "Open or leave the what-if" },
  { keys: ["?"], what: "Show this list" },
];

const MATRIX_KEYS: readonly { keys: string[]; what: string }[] = [
  { keys: ["←", "↑", "→", "↓"], what: "Move between cells" },
  { keys: ["1"], what: "…to 5: highly likely … highly unlikely" },
  { keys: ["0"], what: "Exact likelihood" },
  { keys: ["Enter"], what: "Open the cell's menu" },
];

// Whether single-key shortcuts are on, kept in the browser and shared by every hook reading it.
const listeners = new Set<() => void>();
function shortcutsOn(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== "off";
  } catch {
    return true;
  }
}
function setShortcutsOn(on: boolean) {
  try {
    localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  } catch {
    // Private mode: the choice lasts for this page.
  }
  for (const l of listeners) l();
}
function useShortcutsOn(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    shortcutsOn,
    () => true,
  );
}

/** Where a key press means text or a widget's own key, not a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('[role="dialog"], [role="menu"], [role="listbox"]')) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useWorkspaceShortcuts(actions: { toggleWhatIf: () => void; showHelp: () => void }) {
  const on = useShortcutsOn();
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!on) return;
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      if (e.key === "?") {
        e.preventDefault();
        latest.current.showHelp();
        return;
      }
      const now = performance.now();
      if (pendingG && now - pendingG <= SEQUENCE_MS) {
        pendingG = 0;
        const go: Record<string, () => void> = {
          m: () => jumpTo("matrix"),
          e: () => jumpTo("evidence"),
          x: () => jumpTo("explanations"),
          w: () => latest.current.toggleWhatIf(),
        };
        const action = go[e.key.toLowerCase()];
        if (action) {
          e.preventDefault();
          action();
        }
        return;
      }
      pendingG = e.key === "g" && !e.shiftKey ? now : 0;
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [on]);
}

function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="flex shrink-0 gap-1">
      {keys.map((k, i) => (
        <kbd
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of keys, some repeated
          key={i}
          className="min-w-6 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-mono text-xs"
        >
          {k}
        </kbd>
      ))}
    </span>
  );
}

export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const on = useShortcutsOn();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Keyboard shortcuts"
      description="Press g, then a letter, within a second and a half. They do nothing while you type in a field."
    >
      <ul className="space-y-1.5 text-sm">
        {SHORTCUTS.map((s) => (
          <li key={s.what} className="flex items-center justify-between gap-3">
            <span>{s.what}</span>
            <Keys keys={s.keys} />
          </li>
        ))}
      </ul>
      <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">In the matrix</h3>
      <ul className="mt-1.5 space-y-1.5 text-sm">
        {MATRIX_KEYS.map((s) => (
          <li key={s.what} className="flex items-center justify-between gap-3">
            <span>{s.what}</span>
            <Keys keys={s.keys} />
          </li>
        ))}
      </ul>
      <label className="mt-4 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={on} onChange={(e) => setShortcutsOn(e.target.checked)} />
        Letter shortcuts on (turn off if they get in the way of a screen reader or speech input)
      </label>
      <div className="mt-4 flex justify-end">
        <button type="button" className="btn-secondary" onClick={() => onOpenChange(false)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** Links that appear when focused, first in the workspace: straight to where the work is. */
export function SkipLinks() {
  const targets: JumpTarget[] = ["matrix", "evidence", "explanations"];
  const long: Record<JumpTarget, string> = {
    matrix: "Skip to the indicator matrix",
    evidence: "Skip to the evidence locker",
    explanations: "Skip to the explanations",
  };
  return (
    <nav aria-label="Skip links" className="sr-only focus-within:not-sr-only">
      <ul className="flex flex-wrap gap-2">
        {targets.map((t) => (
          <li key={t}>
            <a href={`#${JUMP_IDS[t]}`} className="btn-primary" onClick={(e) => jumpLink(e, t)}>
              {long[t]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A link's click: focus the place (a cell of the matrix) instead of only scrolling to it. */
export function jumpLink(e: React.MouseEvent, target: JumpTarget) {
  if (jumpTo(target)) e.preventDefault();
}

/** The readout's always-visible links and the help button. */
export function JumpLinks({ onHelp }: { onHelp: () => void }) {
  const targets: JumpTarget[] = ["matrix", "evidence", "explanations"];
  return (
    <nav aria-label="Go to" className="flex items-center gap-2 text-xs">
      {targets.map((t) => (
        <a
          key={t}
          href={`#${JUMP_IDS[t]}`}
          className="rounded px-1 py-0.5 font-medium text-blue-800 underline-offset-2 hover:underline"
          onClick={(e) => jumpLink(e, t)}
        >
          {JUMP_LABELS[t]}
        </a>
      ))}
      <button
        type="button"
        className="rounded border border-slate-300 px-1.5 font-mono text-slate-600 hover:bg-slate-50"
        onClick={onHelp}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </nav>
  );
}
