import "server-only";
// Guards for server pages: first run leads to account creation, signed-out users to sign-in. Pages
// read everything else through tRPC (app/trpc/server.tsx).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/connection";
import { type SessionUser, sessionUser } from "@/server/auth";
import { userCount } from "@/server/teams/first-account";

export async function requirePageUser(): Promise<SessionUser> {
  if ((await userCount(getDb())) === 0) redirect("/setup");
  const user = await sessionUser(await headers());
  if (!user) redirect("/sign-in");
  return user;
}

export async function currentPageUser(): Promise<SessionUser | null> {
  return sessionUser(await headers());
}
