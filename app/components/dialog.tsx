"use client";
// An accessible modal (Radix Dialog): focus is trapped inside, Escape closes, the title names it.
import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";

export function Dialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <RadixDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <RadixDialog.Content
          className={`fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl ${props.wide ? "max-w-2xl" : "max-w-md"}`}
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
