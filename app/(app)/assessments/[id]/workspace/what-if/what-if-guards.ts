// What keeps a what-if's steps from being lost or mistaken: the browser asks before a tab with steps
// closes or reloads; a link to another page of the app asks first, in the workspace's own dialog
// (skip links within the page go through); and Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z take back and put back
// hypothetical steps, as they undo and redo saved changes outside the what-if.
import { useEffect } from "react";
import { typingIn, undoKey } from "../undo-controls";

/** The app page a plain left click on `target` would open, or null (a new tab, a download, a hash jump). */
export function leavingHref(e: MouseEvent): string | null {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null;
  const anchor = e.target instanceof Element ? e.target.closest("a[href]") : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute("download")) return null;
  if (anchor.target && anchor.target !== "_self") return null;
  const to = new URL(anchor.href, window.location.href);
  if (to.origin !== window.location.origin) return null;
  if (to.pathname === window.location.pathname && to.search === window.location.search) return null;
  return to.pathname + to.search + to.hash;
}

export function useWhatIfGuards(props: {
  active: boolean;
  /** Steps that would be lost by leaving. */
  unsaved: boolean;
  /** Asks to leave the what-if for `href`. */
  askLeave: (href: string) => void;
  takeBack: () => void;
  putBack: () => void;
}) {
  const { active, unsaved, askLeave, takeBack, putBack } = props;

  useEffect(() => {
    if (!unsaved) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    // Capturing on window runs before the app's own handlers (Next's links among them).
    const onClick = (e: MouseEvent) => {
      const href = leavingHref(e);
      if (!href) return;
      e.preventDefault();
      e.stopPropagation();
      askLeave(href);
    };
    window.addEventListener("beforeunload", ask);
    window.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", ask);
      window.removeEventListener("click", onClick, true);
    };
  }, [unsaved, askLeave]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const direction = undoKey(e);
      if (!direction || e.defaultPrevented || typingIn(e.target)) return;
      if (e.target instanceof Element && e.target.closest("[role=dialog]")) return;
      e.preventDefault();
      if (direction === "undo") takeBack();
      else putBack();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, takeBack, putBack]);
}
