// The environment module (env.ts): defaults for unset and empty variables, and a message naming
// the variable and what would do for a value Signpost cannot use.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env, reloadEnv } from "@/env";

const NAMES = [
  "PORT",
  "DATABASE_PATH",
  "DATABASE_URL",
  "SIGNPOST_URL",
  "SIGNPOST_ALLOWED_HOSTS",
  "SIGNPOST_RATE_LIMIT",
] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

function withEnv(values: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const n of NAMES) delete process.env[n];
  Object.assign(process.env, values);
  reloadEnv();
}

afterEach(() => {
  for (const n of NAMES) {
    const v = saved[n];
    if (v === undefined) delete process.env[n];
    else process.env[n] = v;
  }
  reloadEnv();
});

describe("env()", () => {
  it("gives the defaults for unset and empty variables", () => {
    withEnv({ PORT: "", DATABASE_PATH: " " });
    expect(env()).toMatchObject({
      PORT: 3000,
      DATABASE_PATH: path.join("data", "signpost.db"),
      SIGNPOST_ALLOWED_HOSTS: [],
      SIGNPOST_RATE_LIMIT: "on",
    });
    expect(env().SIGNPOST_URL).toBeUndefined();
  });

  it("reads the values given, once until reloaded", () => {
    withEnv({ PORT: "3210", SIGNPOST_ALLOWED_HOSTS: " a.example, ,b.example ", SIGNPOST_RATE_LIMIT: "off" });
    expect(env()).toMatchObject({ PORT: 3210, SIGNPOST_ALLOWED_HOSTS: ["a.example", "b.example"] });
    process.env.PORT = "4000";
    expect(env().PORT).toBe(3210);
    reloadEnv();
    expect(env().PORT).toBe(4000);
  });

  it.each([
    [{ PORT: "eighty" }, /^PORT must be a port number .*'eighty'/],
    [{ PORT: "70000" }, /^PORT must be a port number from 1 to 65535/],
    [{ SIGNPOST_URL: "signpost.example" }, /^SIGNPOST_URL must be an http\(s\) address/],
    [{ SIGNPOST_RATE_LIMIT: "no" }, /^SIGNPOST_RATE_LIMIT must be 'on' or 'off'/],
  ])("refuses %o with a message naming the variable", (values, message) => {
    withEnv(values);
    expect(() => env()).toThrow(message);
  });

  it("checks DATABASE_URL is a postgres:// URL, and never repeats its value (it may hold a password)", () => {
    withEnv({ DATABASE_URL: " postgres://signpost:pw@db.example:5432/signpost " });
    expect(env().DATABASE_URL).toBe("postgres://signpost:pw@db.example:5432/signpost");
    withEnv({ DATABASE_URL: "" });
    expect(env().DATABASE_URL).toBeUndefined();
    withEnv({ DATABASE_URL: "mysql://root:hunter2@db.example/signpost" });
    expect(() => env()).toThrow(/^DATABASE_URL must be a postgres:\/\/ \(or postgresql:\/\/\) URL/);
    expect(() => env()).not.toThrow(/hunter2/);
  });
});
