// The server's environment, read in one place and checked once: every variable Signpost reads,
// its type, its default and what a wrong value means (README "Configuration"). The browser never
// reads it (biome.json keeps app/ and shared/ away from it). `npm start` calls env() before
// anything else, so a bad value stops the start with a message naming the variable and the fix.
import path from "node:path";
import { z } from "zod";

/** An unset variable and an empty one mean the same: the default. */
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = z.preprocess(unsetIfEmpty, z.string().trim().optional());

const schema = z.object({
  PORT: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole port number")
      .min(1, "must be a port number from 1 to 65535")
      .max(65535, "must be a port number from 1 to 65535")
      .default(3000),
  ),
  /** The SQLite file; its folder also keeps the generated auth secret. */
  DATABASE_PATH: z.preprocess(unsetIfEmpty, z.string().default(path.join("data", "signpost.db"))),
  /**
   * A PostgreSQL database (15 or later) shared by every instance; when set, Signpost runs on it
   * instead of the SQLite file (README "Running for a larger organisation", docs/postgres.md).
   */
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(
        /^postgres(ql)?:\/\//,
        "must be a postgres:// (or postgresql://) URL, e.g. postgres://signpost@db:5432/signpost",
      )
      .optional(),
  ),
  /** Connections each instance's PostgreSQL pool may open (node-postgres's default is 10). */
  DATABASE_POOL_SIZE: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "must be a whole number of connections, e.g. 20" })
      .int("must be a whole number of connections, e.g. 20")
      .min(1, "must be at least 1 connection")
      .max(500, "must be at most 500 connections")
      .default(20),
  ),
  /** Overrides the secret generated beside the database. */
  AUTH_SECRET: optionalText,
  /** The public address, when Signpost is served under one name (e.g. https://signpost.example). */
  SIGNPOST_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^https?$/, error: "must be an http(s) address, e.g. https://signpost.example" }).optional(),
  ),
  /** More host names to answer on, beside loopback: comma-separated. */
  SIGNPOST_ALLOWED_HOSTS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim())
          .filter(Boolean),
      ),
  ),
  /** Proxies whose X-Forwarded-* headers are believed (server/net/client-address.ts parses them). */
  SIGNPOST_TRUSTED_PROXIES: z.preprocess(unsetIfEmpty, z.string().trim().default("")),
  /** "off" turns the per-address request limits off (benchmarks and load tests only). */
  SIGNPOST_RATE_LIMIT: z.preprocess(
    unsetIfEmpty,
    z.enum(["on", "off"], { error: "must be 'on' or 'off' (unset means on)" }).default("on"),
  ),
});

export type Env = z.infer<typeof schema>;

/** A variable with a value Signpost cannot use; the message names it and says what would do. */
export class EnvError extends Error {
  override name = "EnvError";
}

/** Variables whose values a message must not repeat. */
const SECRET_NAMES = new Set(["DATABASE_URL", "AUTH_SECRET"]);

let current: Env | null = null;

/** The parsed environment, read from process.env on first use. */
export function env(): Env {
  if (current) return current;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    // A database URL may carry a password: name the variable, never echo its value.
    const shown = SECRET_NAMES.has(name) ? "" : ` (it is '${process.env[name] ?? ""}')`;
    throw new EnvError(`${name} ${issue?.message ?? "is not valid"}${shown}`);
  }
  current = parsed.data;
  return current;
}

/** Reads process.env again on the next env(): for tests, which point each world at its own files. */
export function reloadEnv(): void {
  current = null;
}
