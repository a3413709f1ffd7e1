"use client";
// A matrix row's menu (edit, mark reviewed, move up or down, delete) and the dialogs it opens.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { type RefObject, useMemo, useRef, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import type { IndicatorState } from "@/shared/assessment/state";
import { useWorkspaceActions } from "../workspace-context";
import { EditIndicatorDialog } from "./edit-indicator-dialog";
import { LazyMenu } from "./lazy-menu";

/** Rendered for editors only. */
export function RowActions(props: { indicator: IndicatorState; row: number; count: number; links: number }) {
  const ws = useWorkspaceActions();
  // The dialogs open from menu items, which are gone by the time they close: focus returns to the
  // row's menu button, or to the matrix heading once the row itself is deleted.
  const trigger = useRef<HTMLButtonElement>(null);
  const returnFocus = useMemo<RefObject<HTMLElement | null>>(
    () => ({
      get current() {
        return trigger.current?.isConnected ? trigger.current : document.getElementById("matrix-heading");
      },
    }),
    [],
  );
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const name = props.indicator.name;
  return (
    <div className="flex flex-wrap gap-1">
      <LazyMenu
        trigger={
          <button
            ref={trigger}
            type="button"
            className="btn-secondary px-2 py-0.5 text-xs"
            aria-label={`Actions for ${name}`}
          >
            ⋯
          </button>
        }
      >
        {() => (
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 min-w-[10rem] rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
          >
            {[
              { label: "Edit…", onSelect: () => setEditing(true) },
              {
                label: "Mark reviewed",
                onSelect: () => void ws.save("reviewIndicator", { indicatorId: props.indicator.id }),
              },
              ...(props.row > 0
                ? [
                    {
                      label: "Move up",
                      onSelect: () =>
                        void ws.save("moveIndicator", { indicatorId: props.indicator.id, toIndex: props.row - 1 }),
                    },
                  ]
                : []),
              ...(props.row < props.count - 1
                ? [
                    {
                      label: "Move down",
                      onSelect: () =>
                        void ws.save("moveIndicator", { indicatorId: props.indicator.id, toIndex: props.row + 1 }),
                    },
                  ]
                : []),
              { label: "Delete…", onSelect: () => setDeleting(true) },
            ].map((item) => (
              <DropdownMenu.Item key={item.label} onSelect={item.onSelect} className="menu-item">
                {item.label}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        )}
      </LazyMenu>
      {editing ? (
        <EditIndicatorDialog indicator={props.indicator} open onOpenChange={setEditing} returnFocus={returnFocus} />
      ) : null}
      <Dialog
        returnFocus={returnFocus}
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete “${name}”?`}
        description={
          props.links === 0
            ? "No evidence is linked to it."
            : `Its ${props.links} evidence link${props.links === 1 ? "" : "s"} will be removed; the evidence items stay in the locker. The history keeps the indicator.`
        }
      >
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => setDeleting(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn-danger"
            onClick={async () => {
              await ws.save("deleteIndicator", { indicatorId: props.indicator.id });
              setDeleting(false);
            }}
          >
            Delete indicator
          </button>
        </div>
      </Dialog>
    </div>
  );
}
