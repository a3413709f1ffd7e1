/**
 * tRPC set-up, in four parts:
 * 1. the context (database + signed-in user) built per request, or directly by tests;
 * 2. the error formatter: zod failures become field errors, domain errors keep their field and
 *    their typed details, so the client reads `error.data` without casts;
 * 3. the domain-error middleware: DomainError codes become tRPC codes through the one table
 *    (shared/errors.ts);
 * 4. the procedure builders: public, authed (resolves the caller), team and assessment (check the
 *    caller's role once and put the checked access in `ctx`).
 */
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { type Db, getDb } from "@/db/connection";
import { checkAssessmentAccess, checkTeamAccess } from "@/server/access";
import { type SessionUser, sessionUser } from "@/server/auth";
import { zId } from "@/shared/assessment/schemas";
import {
  badInput,
  DOMAIN_ERRORS,
  DomainError,
  type DomainErrorCode,
  type DomainErrorDetails,
  unstorableText,
} from "@/shared/errors";
import type { Role } from "@/shared/teams";
import { transformer } from "@/shared/transformer";

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

/** The details a tRPC code can carry: those of the domain codes that travel as it (DOMAIN_ERRORS). */
type DetailsOf<T extends TRPC_ERROR_CODE_KEY> = {
  [C in DomainErrorCode]: (typeof DOMAIN_ERRORS)[C]["trpc"] extends T ? DomainErrorDetails[C] : never;
}[DomainErrorCode];

/**
 * `error.data` of every tRPC error, one member per code, so a client that tests `data.code`
 * reads that code's `details` with their declared shape.
 */
export type ErrorData = {
  [T in TRPC_ERROR_CODE_KEY]: {
    code: T;
    httpStatus: number;
    path?: string;
    /** Field path → messages, for forms to show beside each field. */
    fieldErrors: Record<string, string[]> | null;
    details: DetailsOf<T> | null;
  };
}[TRPC_ERROR_CODE_KEY];

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
    let fieldErrors: ErrorData["fieldErrors"] = null;
    let details: DomainError["details"] | null = null;
    let message = shape.message;
    if (cause instanceof ZodError) {
      fieldErrors = zodFieldErrors(cause);
      message = zodMessage(cause);
    } else if (cause instanceof DomainError) {
      if (cause.field) fieldErrors = { [cause.field]: [cause.message] };
      details = cause.details ?? null;
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      // Never show a stack trace or driver message to a person.
      message = "Something went wrong on the server; the change was not saved. Try again.";
    }
    // A domain error's details travel under the tRPC code DOMAIN_ERRORS gives its code (asTRPCError),
    // which is the pairing ErrorData declares; TypeScript cannot follow it through the table.
    const data = {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      fieldErrors,
      details,
    };
    return { ...shape, message, data: data as ErrorData };
  },
});

// ── 3. Domain errors → tRPC codes ────────────────────────────────────────────

/** A DomainError as the tRPC error of its code; for code that runs past the middleware (a stream). */
export function asTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: DOMAIN_ERRORS[error.code].trpc, message: error.message, cause: error });
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
 * Resolves the caller; unauthenticated calls get UNAUTHORIZED. Text that SQLite cannot store as
 * it is (NUL, lone surrogates) is refused here, before validation (see `unstorableText`).
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

/**
 * A procedure on one team (`input.teamId`): the caller's role there is checked once, before the
 * rest of the input, and `ctx.team` holds the checked access. Not a member: NOT_FOUND; below
 * `atLeast`: FORBIDDEN.
 */
export function teamProcedure(atLeast: Role) {
  return authedProcedure
    .input(z.object({ teamId: zId }))
    .use(async ({ ctx, input, next }) =>
      next({ ctx: { team: await checkTeamAccess(ctx.db, ctx.user.id, input.teamId, atLeast) } }),
    );
}

/**
 * A procedure on one assessment (`input.assessmentId`): the caller's role on it (through its team)
 * is checked once, before the rest of the input, and `ctx.access` holds the checked access that
 * the read functions take. Another team's assessment: NOT_FOUND; below `atLeast`: FORBIDDEN.
 */
export function assessmentProcedure(atLeast: Role) {
  return authedProcedure
    .input(z.object({ assessmentId: zId }))
    .use(async ({ ctx, input, next }) =>
      next({ ctx: { access: await checkAssessmentAccess(ctx.db, ctx.user.id, input.assessmentId, atLeast) } }),
    );
}

/** Shared zod pieces: ids (one definition, with the other field schemas). */
export { zId } from "@/shared/assessment/schemas";
