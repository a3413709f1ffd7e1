/**
 * tRPC set-up, in four parts:
 * 1. the context (database + signed-in user) built per request, or directly by tests;
 * 2. the error formatter: zod failures become field errors, domain errors keep their field;
 * 3. the domain-error middleware that maps DomainError codes to tRPC codes in one place;
 * 4. the procedure builders: public, and authed (which resolves the caller).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { type Db, getDb } from "@/db/connection";
import { type SessionUser, sessionUser } from "@/server/auth";
import { transformer } from "@/server/transformer";
import { badInput, DomainError, unstorableText } from "@/shared/errors";

// ── 1. Context ───────────────────────────────────────────────────────────────

export interface Context {
  db: Db;
  user: SessionUser | null;
  /**
   * Whether the request's session is still valid, read afresh (no memo); a long-lived stream asks
   * before each notice and every few seconds. Absent for callers built without a request (tests).
   */
  sessionStillValid?: () => Promise<boolean>;
}

/** For the HTTP handler and server components: resolves the session from the request headers. */
export async function createContext(opts: { headers: Headers }): Promise<Context> {
  const user = await sessionUser(opts.headers);
  const headers = new Headers(opts.headers);
  return {
    db: getDb(),
    user,
    sessionStillValid: async () => user !== null && (await sessionUser(headers, { fresh: true }))?.id === user.id,
  };
}

// ── 2. Error formatter ───────────────────────────────────────────────────────

export interface ErrorData {
  /** Field path → messages, for forms to show beside each field. */
  fieldErrors: Record<string, string[]> | null;
  details: Record<string, unknown> | null;
}

function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "input";
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

function zodMessage(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const data: ErrorData = { fieldErrors: null, details: null };
    let message = shape.message;
    if (cause instanceof ZodError) {
      data.fieldErrors = zodFieldErrors(cause);
      message = zodMessage(cause);
    } else if (cause instanceof DomainError) {
      if (cause.field) data.fieldErrors = { [cause.field]: [cause.message] };
      data.details = cause.details ?? null;
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      // Never show a stack trace or driver message to a person.
      message = "Something went wrong on the server; the change was not saved. Try again.";
    }
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, ...data },
    };
  },
});

// ── 3. Domain errors → tRPC codes ────────────────────────────────────────────

/** A DomainError as the tRPC error of its code; for code that runs past the middleware (a stream). */
export function asTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: error.code, message: error.message, cause: error });
}

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw asTRPCError(result.error.cause);
  return result;
});

// ── 4. Procedures ────────────────────────────────────────────────────────────

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(domainErrors);

/**
 * Resolves the caller; unauthenticated calls get UNAUTHORIZED. Role checks happen in the queries.
 * Text that SQLite cannot store as it is (NUL, lone surrogates) is refused here, before validation
 * (see `unstorableText`).
 */
export const authedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    return next({ ctx: { ...ctx, user: ctx.user } });
  })
  .use(async ({ getRawInput, next }) => {
    const bad = unstorableText(await getRawInput());
    if (bad) throw badInput(bad.path, bad.message);
    return next();
  });

/** Shared zod pieces: ids (one definition, with the other field schemas). */
export { zId } from "@/shared/assessment/schemas";
