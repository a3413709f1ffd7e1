// Moving focus to the three places an analyst works in: the matrix (its current cell, so the arrow
// keys and digits work at once), the evidence locker and the explanations. Used by the skip links,
// the readout's links and the keyboard shortcuts.

export type JumpTarget = "matrix" | "evidence" | "explanations";

/** The element ids the workspace gives the three regions (workspace.tsx, matrix/indicator-matrix.tsx). */
export const JUMP_IDS: Record<JumpTarget, string> = {
  matrix: "indicator-matrix",
  evidence: "evidence-locker",
  explanations: "explanations",
};

export const JUMP_LABELS: Record<JumpTarget, string> = {
  matrix: "Matrix",
  evidence: "Evidence",
  explanations: "Explanations",
};

/** Focuses the target; true when something took focus. */
export function jumpTo(target: JumpTarget): boolean {
  const region = document.getElementById(JUMP_IDS[target]);
  if (!region) return false;
  if (target === "matrix") {
    // The cell the roving tab index points at (the last one used), else the first.
    const cell =
      region.querySelector<HTMLElement>('[data-cell][tabindex="0"]') ??
      region.querySelector<HTMLElement>("[data-cell]");
    const heading = document.getElementById("matrix-heading");
    const into = cell ?? heading;
    if (into) {
      // The heading first, so the page shows the matrix from its top rather than only the cell.
      region.scrollIntoView({ block: "start" });
      into.focus({ preventScroll: !!cell && isVisibleIn(cell) });
      return true;
    }
  }
  region.focus({ preventScroll: true });
  region.scrollIntoView({ block: "start" });
  return document.activeElement === region;
}

function isVisibleIn(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight;
}
