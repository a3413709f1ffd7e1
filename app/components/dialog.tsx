"use client";
// An accessible modal (Radix Dialog): focus is trapped inside, Escape closes, the title names it,
// and closing gives focus back to what opened it. Mounted only while open.
import * as RadixDialog from "@radix-ui/react-dialog";
import { type ReactNode, type RefObject, useState } from "react";

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  wide?: boolean;
  /**
   * Where focus goes on close when the element focused at opening is gone (a menu item, say);
   * by default that element.
   */
  returnFocus?: RefObject<HTMLElement | null>;
}

export function Dialog(props: DialogProps) {
  // Nothing while closed: pages hold many closed dialogs (one per matrix row), and a mounted Radix
  // root costs its hooks at every render.
  return props.open ? <OpenDialog {...props} /> : null;
}

function OpenDialog(props: DialogProps) {
  // Radix gives focus back only to its own Trigger, which these dialogs (opened from buttons and
  // menus elsewhere) do not use: without this, closing left keyboard users on <body>.
  const [opener] = useState(() => (typeof document === "undefined" ? null : document.activeElement));
  function restoreFocus(event: Event) {
    event.preventDefault();
    const target = opener instanceof HTMLElement && opener.isConnected ? opener : props.returnFocus?.current;
    target?.focus();
  }
  return (
    <RadixDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <RadixDialog.Content
          className={`fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl ${props.wide ? "max-w-2xl" : "max-w-md"}`}
          onCloseAutoFocus={restoreFocus}
          {...(props.description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title className="text-lg font-semibold">{props.title}</RadixDialog.Title>
          {props.description ? (
            <RadixDialog.Description className="mt-1 text-sm text-slate-600">
              {props.description}
            </RadixDialog.Description>
          ) : null}
          <div className="mt-4">{props.children}</div>
          <RadixDialog.Close
            className="absolute top-3 right-3 rounded p-1 text-slate-500 hover:bg-slate-100"
            aria-label="Close"
          >
            ✕
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
