// The store under the domain layer (db/store.ts), on each store in turn: a transaction commits all
// or nothing, a nested one joins its caller's, nobody outside sees its rows before the commit, writers
// of one assessment take turns under its row lock, and a request's own writes (better-auth's
// session) never land inside another request's transaction.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { lockAssessment } from "@/db/dialect";
import { first } from "@/db/first";
import { dialectOf, Mutex, transaction } from "@/db/store";
import * as schema from "@/db/tables";
import { buildWorld, onStore, signInCookie, TEST_STORE, type World } from "./harness";

let world: World;

beforeAll(async () => {
  world = await buildWorld();
});

afterAll(async () => {
  await world?.db.cleanup();
});

const title = async (id: string) =>
  first(
    await getDb()
      .select({ title: schema.assessments.title })
      .from(schema.assessments)
      .where(eq(schema.assessments.id, id)),
  )?.title;

const setTitle = (tx: ReturnType<typeof getDb>, id: string, value: string) =>
  tx.update(schema.assessments).set({ title: value }).where(eq(schema.assessments.id, id));

/**
 * A transaction that writes `value` as the assessment's title and then stays open until released;
 * it commits then, or throws `failure`. `written` resolves once the row is written.
 */
function holdOpen(id: string, value: string, failure?: Error) {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let wrote: () => void = () => {};
  const written = new Promise<void>((resolve) => {
    wrote = resolve;
  });
  const done = transaction(getDb(), async (tx) => {
    await setTitle(tx, id, value);
    wrote();
    await held;
    if (failure) throw failure;
  });
  return { written, release, done };
}

const sessions = async (userId: string) =>
  first(await getDb().select({ n: count() }).from(schema.session).where(eq(schema.session.userId, userId)))?.n ?? 0;

describe(`the ${TEST_STORE} store`, () => {
  it("is the store this run asked for", () => {
    expect(dialectOf(getDb())).toBe(TEST_STORE);
  });

  it("commits a transaction's writes together, or none of them when it throws", async () => {
    const id = world.teamA.demoAssessmentId;
    const before = await title(id);
    await expect(
      transaction(getDb(), async (tx) => {
        await setTitle(tx, id, "Half-written");
        throw new Error("stop here");
      }),
    ).rejects.toThrow("stop here");
    expect(await title(id)).toBe(before);
    await transaction(getDb(), async (tx) => {
      await setTitle(tx, id, "Written whole");
    });
    expect(await title(id)).toBe("Written whole");
    await transaction(getDb(), async (tx) => {
      await setTitle(tx, id, before ?? "");
    });
  });

  it("joins a nested transaction to its caller's: the outer rollback takes the inner write too", async () => {
    const id = world.teamA.demoAssessmentId;
    const before = await title(id);
    await expect(
      transaction(getDb(), async (outer) => {
        await transaction(getDb(), async (inner) => {
          expect(inner).toBe(outer);
          await setTitle(inner, id, "Inner write");
        });
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect(await title(id)).toBe(before);
  });

  it("shows nobody outside a transaction its rows before it commits", async () => {
    const id = world.teamA.demoAssessmentId;
    const before = await title(id);
    const open = holdOpen(id, "Not yet committed");
    await open.written;
    expect(await title(id)).toBe(before);
    open.release();
    await open.done;
    expect(await title(id)).toBe("Not yet committed");
    await transaction(getDb(), async (tx) => {
      await setTitle(tx, id, before ?? "");
    });
  });

  it("makes writers of one assessment take turns under its row lock: 40 read-then-write increments, none lost", async () => {
    const id = world.teamA.demoAssessmentId;
    const read = async () =>
      first(
        await getDb()
          .select({ h: schema.assessments.handling })
          .from(schema.assessments)
          .where(eq(schema.assessments.id, id)),
      )?.h;
    const original = await read();
    await transaction(getDb(), async (tx) => {
      await tx.update(schema.assessments).set({ handling: "0" }).where(eq(schema.assessments.id, id));
    });
    const increment = () =>
      transaction(getDb(), async (tx) => {
        await lockAssessment(tx, id);
        const row = first(
          await tx
            .select({ h: schema.assessments.handling })
            .from(schema.assessments)
            .where(eq(schema.assessments.id, id)),
        );
        // A pause between the read and the write, where another writer would slip in without the lock.
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx
          .update(schema.assessments)
          .set({ handling: String(Number(row?.h) + 1) })
          .where(eq(schema.assessments.id, id));
      });
    await Promise.all(Array.from({ length: 40 }, increment));
    expect(await read()).toBe("40");
    await transaction(getDb(), async (tx) => {
      await tx
        .update(schema.assessments)
        .set({ handling: original ?? "" })
        .where(eq(schema.assessments.id, id));
    });
  });

  it("keeps another request's sign-in out of an open transaction: its session survives that transaction's rollback", async () => {
    const id = world.teamA.demoAssessmentId;
    const before = await sessions(world.viewer.id);
    const failing = holdOpen(id, "Rolled back", new Error("this request fails"));
    await failing.written;
    // Another request signs in meanwhile; on SQLite its write waits for the writer, then runs alone.
    const signIn = signInCookie(world.viewer.email);
    await new Promise((resolve) => setTimeout(resolve, 20));
    failing.release();
    await expect(failing.done).rejects.toThrow("this request fails");
    expect(await signIn).toMatch(/session_token/);
    expect(await sessions(world.viewer.id)).toBe(before + 1);
    expect(await title(id)).not.toBe("Rolled back");
  });
});

onStore("sqlite")("the SQLite store's read handle", () => {
  it("refuses a write outside a transaction, so none can slip between another's statements", async () => {
    await expect(
      getDb()
        .update(schema.assessments)
        .set({ title: "Outside" })
        .where(eq(schema.assessments.id, world.teamA.demoAssessmentId)),
    ).rejects.toThrow(/readonly/);
  });
});

describe("the store's mutex", () => {
  it("runs callers one at a time, in order, and lets a holder re-enter", async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const slow = mutex.run(async () => {
      order.push("a-start");
      await new Promise((resolve) => setTimeout(resolve, 10));
      await mutex.run(async () => {
        order.push("a-again");
      });
      order.push("a-end");
    });
    const next = mutex.run(async () => {
      order.push("b");
    });
    await Promise.all([slow, next]);
    expect(order).toEqual(["a-start", "a-again", "a-end", "b"]);
  });

  it("goes on after a caller throws", async () => {
    const mutex = new Mutex();
    await expect(mutex.run(async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await mutex.run(async () => "yes")).toBe("yes");
  });
});
