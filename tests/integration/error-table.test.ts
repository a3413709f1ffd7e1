// One table (DOMAIN_ERRORS, shared/errors.ts) gives each domain error code its tRPC code and HTTP
// status. Every code has a row that agrees with tRPC's own status for its tRPC code, and both
// ways an error leaves the server use it: tRPC's error formatter (the code, status and typed
// details in `error.data`) and the export and import routes (the status of their JSON refusal).

import { TRPCClientError, type TRPCClientErrorLike } from "@trpc/client";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainErrorResponse, withCaller } from "@/server/export/http";
import type { AppRouter } from "@/server/root";
import { createContext, createTRPCRouter, publicProcedure } from "@/server/trpc";
import { DOMAIN_ERRORS, DomainError, type DomainErrorCode, type DomainErrorDetails } from "@/shared/errors";
import { transformer } from "@/shared/transformer";
import { buildWorld, signInCookie, type World } from "./harness";

const CODES = Object.keys(DOMAIN_ERRORS) as DomainErrorCode[];

/** A details value of each code's declared shape (none for the codes that declare none). */
const DETAILS: { [C in DomainErrorCode]: DomainErrorDetails[C] | undefined } = {
  BAD_REQUEST: { maxBatchSize: 10 },
  FORBIDDEN: undefined,
  NOT_FOUND: undefined,
  CONFLICT: {
    currentVersion: 7,
    changes: [{ actor: "Ana Analyst", summary: "Renamed a scenario", at: 1_700_000_000_000 }],
  },
  PAYLOAD_TOO_LARGE: undefined,
  TOO_MANY_REQUESTS: { retryAt: "2024-12-13T14:05:00.000Z" },
};

function errorOf(code: DomainErrorCode): DomainError {
  return new DomainError(code, `Refused with ${code}`, "someField", DETAILS[code] as never);
}

/** A router whose one procedure throws the domain error named by its input. */
const throwing = createTRPCRouter({
  fail: publicProcedure
    .input((raw: unknown) => raw as { code: DomainErrorCode })
    .query(({ input }) => {
      throw errorOf(input.code);
    }),
});

/** How a page reads a refusal's details: typed by its code, no casts. */
function detailsRead(error: TRPCClientErrorLike<AppRouter>): string | undefined {
  const data = error.data;
  if (data?.code === "CONFLICT") return data.details?.changes.map((c) => `${c.actor}: ${c.summary}`).join("; ");
  if (data?.code === "TOO_MANY_REQUESTS") return data.details?.retryAt;
  if (data?.code === "BAD_REQUEST") return data.details ? `at most ${data.details.maxBatchSize}` : undefined;
  // @ts-expect-error NOT_FOUND declares no details: there is nothing to read
  if (data?.code === "NOT_FOUND") return data.details?.retryAt;
  return undefined;
}

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.db.cleanup());

describe("the domain error table", () => {
  it("has a row for every code, whose status is the one tRPC gives its tRPC code", () => {
    expect(CODES.sort()).toEqual(
      ["BAD_REQUEST", "CONFLICT", "FORBIDDEN", "NOT_FOUND", "PAYLOAD_TOO_LARGE", "TOO_MANY_REQUESTS"].sort(),
    );
    for (const code of CODES) {
      const { trpc, status } = DOMAIN_ERRORS[code];
      expect(getHTTPStatusCodeFromError(new TRPCError({ code: trpc })), code).toBe(status);
    }
  });

  it("is what tRPC's formatter answers with: code, HTTP status, field and typed details", async () => {
    for (const code of CODES) {
      const input = encodeURIComponent(JSON.stringify(transformer.serialize({ code })));
      const res = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request(`http://localhost:3000/api/trpc/fail?input=${input}`),
        router: throwing,
        createContext: () => createContext({ headers: new Headers() }),
      });
      expect(res.status, code).toBe(DOMAIN_ERRORS[code].status);
      const body = (await res.json()) as { error: ReturnType<typeof transformer.serialize> };
      const shape = transformer.deserialize(body.error) as {
        message: string;
        data: { code: string; httpStatus: number; fieldErrors: unknown; details: unknown };
      };
      expect(shape.message).toBe(`Refused with ${code}`);
      expect(shape.data).toEqual({
        code: DOMAIN_ERRORS[code].trpc,
        httpStatus: DOMAIN_ERRORS[code].status,
        path: "fail",
        fieldErrors: { someField: [`Refused with ${code}`] },
        details: DETAILS[code] ?? null,
      });
      const client = TRPCClientError.from<AppRouter>({ error: shape as never });
      expect(detailsRead(client), code).toBe(
        {
          BAD_REQUEST: "at most 10",
          CONFLICT: "Ana Analyst: Renamed a scenario",
          TOO_MANY_REQUESTS: "2024-12-13T14:05:00.000Z",
          FORBIDDEN: undefined,
          NOT_FOUND: undefined,
          PAYLOAD_TOO_LARGE: undefined,
        }[code],
      );
    }
  });

  it("is what the export and import routes answer with", async () => {
    const cookie = await signInCookie(world.viewer.email);
    for (const code of CODES) {
      const req = new Request("http://localhost:3000/api/assessments/x/export?format=json", { headers: { cookie } });
      const res = await withCaller(req, () => {
        throw errorOf(code);
      });
      expect(res.status, code).toBe(DOMAIN_ERRORS[code].status);
      expect(await res.json()).toEqual({ error: { message: `Refused with ${code}`, field: "someField" } });
      expect(domainErrorResponse(errorOf(code)).status).toBe(DOMAIN_ERRORS[code].status);
    }
  });
});
