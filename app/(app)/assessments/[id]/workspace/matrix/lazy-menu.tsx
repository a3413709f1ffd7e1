"use client";
// The menu behind each rating cell and row action, mounted only when first opened.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import {
  type ComponentProps,
  cloneElement,
  type ReactElement,
  type ReactNode,
  type RefObject,
  useEffect,
  useRef,
  useState,
} from "react";

/**
 * A Radix menu mounted on first use; until then its trigger is a plain button that mounts it open.
 * The matrix has a menu in each of its thousands of cells, and a mounted Radix menu costs a dozen
 * hooks at every render and on hydration.
 */
export function LazyMenu(props: {
  trigger: ReactElement<ComponentProps<"button">>;
  disabled?: boolean;
  /** The menu's content, built only once the menu is mounted. */
  children: () => ReactNode;
}) {
  const [armed, setArmed] = useState(false);
  const byKeyboard = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // Opened with Enter or Space, a menu starts on its first item, as Radix's own trigger does; the
  // menu mounted after that key, so Radix cannot tell. Its portal renders a frame or so later.
  useEffect(() => {
    if (!armed || !byKeyboard.current) return;
    byKeyboard.current = false;
    let frames = 0;
    let handle = 0;
    const focusFirstItem = () => {
      const menuId = trigger.current?.getAttribute("aria-controls");
      const item = menuId ? document.getElementById(menuId)?.querySelector<HTMLElement>('[role="menuitem"]') : null;
      if (item) item.focus();
      else if (++frames < 10) handle = requestAnimationFrame(focusFirstItem);
    };
    handle = requestAnimationFrame(focusFirstItem);
    return () => cancelAnimationFrame(handle);
  }, [armed]);
  if (!armed) {
    // A click mounts the menu open (Enter and Space click too, with no pointer: detail 0). A disabled
    // trigger stays focusable (its aria-disabled says why nothing opens), so a viewer can still
    // move through the matrix with the arrow keys and hear every rating.
    return cloneElement(props.trigger, {
      "aria-haspopup": "menu",
      "aria-expanded": false,
      onClick: (event) => {
        if (props.disabled) return;
        byKeyboard.current = event.detail === 0;
        setArmed(true);
      },
    });
  }
  return (
    <DropdownMenu.Root modal={false} defaultOpen>
      <DropdownMenu.Trigger asChild disabled={props.disabled}>
        {cloneElement(props.trigger, { ref: withTriggerRef(props.trigger, trigger) })}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>{props.children()}</DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** A ref callback that sets `ours` and whatever ref the element already had. */
function withTriggerRef(element: ReactElement<ComponentProps<"button">>, ours: RefObject<HTMLButtonElement | null>) {
  const theirs = element.props.ref;
  return (node: HTMLButtonElement | null) => {
    ours.current = node;
    if (typeof theirs === "function") theirs(node);
    else if (theirs) theirs.current = node;
  };
}
