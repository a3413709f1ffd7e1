// The workspace comments' pure helpers: counts per item for the badges, threading replies under
// the comment they answer, the as-of cut, and the form's check.
import { describe, expect, it } from "vitest";
import {
  type CommentLike,
  commentBadgeLabel,
  commentBodyError,
  commentCounts,
  commentsUpTo,
  commentThreads,
  commentTime,
  targetKey,
} from "@/app/(app)/assessments/[id]/workspace/comments/comments-data";

const T0 = Date.UTC(2024, 11, 12, 8, 0);

function comment(id: string, minute: number, over: Partial<CommentLike> = {}): CommentLike {
  return {
    id,
    targetKind: "indicator",
    targetId: "i1",
    parentId: null,
    createdAt: new Date(T0 + minute * 60_000),
    ...over,
  };
}

const ids = (list: readonly CommentLike[]) => list.map((c) => c.id);

describe("commentCounts", () => {
  it("counts every comment, replies included, per item and kind", () => {
    const counts = commentCounts([
      comment("a", 0),
      comment("b", 1, { parentId: "a" }),
      comment("c", 2, { targetId: "i2" }),
      comment("d", 3, { targetKind: "scenario", targetId: "i1" }),
      comment("e", 4, { targetKind: "assessment", targetId: "x" }),
    ]);
    expect(counts.get(targetKey("indicator", "i1"))).toBe(2);
    expect(counts.get(targetKey("indicator", "i2"))).toBe(1);
    // The same id under another kind is another item.
    expect(counts.get(targetKey("scenario", "i1"))).toBe(1);
    expect(counts.get(targetKey("assessment", "x"))).toBe(1);
    expect(counts.get(targetKey("evidence", "i1"))).toBeUndefined();
    expect(counts.size).toBe(4);
  });

  it("is empty for no comments", () => {
    expect(commentCounts([]).size).toBe(0);
  });
});

describe("commentThreads", () => {
  it("puts replies under their comment, oldest first, whatever order the rows come in", () => {
    const rows = [
      comment("r2", 5, { parentId: "a" }),
      comment("b", 3),
      comment("r1", 2, { parentId: "a" }),
      comment("a", 0),
      comment("rb", 4, { parentId: "b" }),
    ];
    const threads = commentThreads(rows, { kind: "indicator", id: "i1" });
    expect(threads.map((t) => [t.comment.id, ids(t.replies)])).toEqual([
      ["a", ["r1", "r2"]],
      ["b", ["rb"]],
    ]);
  });

  it("keeps only the item asked for", () => {
    const rows = [
      comment("a", 0),
      comment("other", 1, { targetId: "i2" }),
      comment("scen", 2, { targetKind: "scenario" }),
    ];
    expect(commentThreads(rows, { kind: "indicator", id: "i1" }).map((t) => t.comment.id)).toEqual(["a"]);
    expect(commentThreads(rows, { kind: "scenario", id: "i1" }).map((t) => t.comment.id)).toEqual(["scen"]);
    expect(commentThreads(rows, { kind: "evidence", id: "i1" })).toEqual([]);
  });

  it("flattens a reply to a reply into the top-level comment's thread", () => {
    const rows = [comment("a", 0), comment("r", 1, { parentId: "a" }), comment("rr", 2, { parentId: "r" })];
    const threads = commentThreads(rows, { kind: "indicator", id: "i1" });
    expect(threads).toHaveLength(1);
    expect(ids(threads[0]?.replies ?? [])).toEqual(["r", "rr"]);
  });

  it("shows a reply whose parent is missing or on another item as a top-level comment, not lost", () => {
    const rows = [
      comment("elsewhere", 0, { targetId: "i2" }),
      comment("orphan", 1, { parentId: "gone" }),
      comment("cross", 2, { parentId: "elsewhere" }),
    ];
    const threads = commentThreads(rows, { kind: "indicator", id: "i1" });
    expect(threads.map((t) => t.comment.id)).toEqual(["orphan", "cross"]);
  });

  it("does not lose comments caught in a parent loop", () => {
    const rows = [comment("x", 0, { parentId: "y" }), comment("y", 1, { parentId: "x" })];
    const threads = commentThreads(rows, { kind: "indicator", id: "i1" });
    const shown = threads.flatMap((t) => [t.comment.id, ...ids(t.replies)]);
    expect(shown.sort()).toEqual(["x", "y"]);
  });

  it("orders comments made in the same millisecond by id, so the order is stable", () => {
    const rows = [comment("b", 0), comment("a", 0)];
    expect(commentThreads(rows, { kind: "indicator", id: "i1" }).map((t) => t.comment.id)).toEqual(["a", "b"]);
  });
});

describe("commentsUpTo", () => {
  it("keeps the comments made at or before the moment", () => {
    const rows = [comment("a", 0), comment("b", 10), comment("c", 11)];
    expect(ids(commentsUpTo(rows, T0 + 10 * 60_000))).toEqual(["a", "b"]);
    expect(commentsUpTo(rows, T0 - 1)).toEqual([]);
  });
});

describe("commentBodyError", () => {
  it("refuses an empty or blank comment with the message shown beside the field", () => {
    expect(commentBodyError("")).toBe("Write something before posting the comment");
    expect(commentBodyError("  \n\t ")).toBe("Write something before posting the comment");
  });

  it("refuses more than 10,000 characters after trimming, accepts exactly 10,000", () => {
    expect(commentBodyError("x".repeat(10_001))).toBe("A comment is at most 10,000 characters");
    expect(commentBodyError(` ${"x".repeat(10_000)} `)).toBeNull();
  });

  it("accepts text that looks like markup: it is shown as text, never run", () => {
    expect(commentBodyError("<script>alert(1)</script>")).toBeNull();
  });
});

describe("labels", () => {
  it("names the badge with the item and its count", () => {
    expect(commentBadgeLabel("Airlift surge", 3)).toBe("Comments on Airlift surge (3)");
    expect(commentBadgeLabel("Airlift surge", 0)).toBe("Comments on Airlift surge (0)");
  });

  it("shows the time in UTC", () => {
    expect(commentTime(new Date(T0 + 5 * 60_000))).toBe("2024-12-12 08:05 UTC");
  });
});
