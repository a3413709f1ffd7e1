"use client";
// What the workspace's comment badges and panel share: the assessment's comments (up to the moment
// shown), the count on each item, and a way to open an item's panel. CommentsProvider fills it.
import type { inferRouterOutputs } from "@trpc/server";
import { createContext } from "react";
import type { AppRouter } from "@/server/root";
import type { CommentTarget } from "./comments-data";

export type Comment = inferRouterOutputs<AppRouter>["history"]["comments"][number];

export interface CommentsApi {
  comments: Comment[];
  /** Null until the first answer: a badge then shows no number rather than a wrong 0. */
  counts: Map<string, number> | null;
  open: (target: CommentTarget) => void;
}

export const CommentsContext = createContext<CommentsApi | null>(null);
