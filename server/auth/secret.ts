// The auth secret: AUTH_SECRET when set, otherwise generated once and kept beside the
// database with owner-only permissions, so a fresh install needs no configuration.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDirectory } from "@/db/connection";
import { env } from "@/env";

export function authSecretFile(): string {
  return path.join(dataDirectory(), "auth-secret");
}

export function authSecret(): string {
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = authSecretFile();
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  // "wx" never overwrites a secret another process wrote a moment ago.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw error;
  }
  return secret;
}
