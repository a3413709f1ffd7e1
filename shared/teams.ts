// Teams, members and invitations: the roles and statuses the tables allow (db/schema.ts builds its
// CHECKs from them) and the field schemas the teams router, the team page and the account forms
// validate with. Safe for the browser: zod and shared/ only.
import { z } from "zod";
import { displayName } from "@/shared/display-name";
import {
  EMAIL_MAX,
  INVITATION_TOKEN_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  STALE_AFTER_DAYS_MAX,
  STALE_AFTER_DAYS_MIN,
  TEAM_NAME_MAX,
} from "@/shared/limits";

export const ROLES = ["owner", "analyst", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "revoked"] as const;

export const teamName = z
  .string()
  .trim()
  .min(1, "Give the team a name")
  .max(TEAM_NAME_MAX, `A team name is at most ${TEAM_NAME_MAX} characters`);

export const role = z.enum(ROLES, { error: "Role must be owner, analyst or viewer" });

/** Days without a review before an indicator counts as stale. */
export const staleAfterDays = z
  .number({ error: "Days before an indicator counts as stale must be a number" })
  .int("Use a whole number of days")
  .min(STALE_AFTER_DAYS_MIN, `At least ${STALE_AFTER_DAYS_MIN} day`)
  .max(STALE_AFTER_DAYS_MAX, `At most ${STALE_AFTER_DAYS_MAX} days`);

const emailMessage = "Enter an email address such as name@example.org";
// Trim first: a pasted address often carries a space, which is not what makes it wrong.
export const email = z
  .string({ error: emailMessage })
  .trim()
  .pipe(z.email({ error: emailMessage }).max(EMAIL_MAX, `An email address is at most ${EMAIL_MAX} characters`));

export const invitationToken = z
  .string({ error: "Open the whole invitation link" })
  .trim()
  .min(1, "Open the whole invitation link")
  .max(INVITATION_TOKEN_MAX, "This is not an invitation link");

/** A new password (better-auth enforces the same bounds, server/auth). */
export const password = z
  .string({ error: `Choose a password of at least ${PASSWORD_MIN} characters` })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `A password is at most ${PASSWORD_MAX} characters`);

/** An account as a person creates it: the name colleagues see (shared/display-name.ts) and a password. */
export const newAccount = z.object({ name: displayName, password });
