// Work the page does once it is live, when the browser has nothing more urgent to do.

interface IdleWindow {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
}

/** Runs `callback` when the browser is idle (within `timeout` ms at worst); returns the cancel. */
export function whenIdle(callback: () => void, timeout: number): () => void {
  const w = window as IdleWindow;
  if (w.requestIdleCallback && w.cancelIdleCallback) {
    const cancel = w.cancelIdleCallback;
    const handle = w.requestIdleCallback(callback, { timeout });
    return () => cancel(handle);
  }
  const handle = window.setTimeout(callback, 16);
  return () => window.clearTimeout(handle);
}
