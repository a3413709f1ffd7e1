// What an account may hold, enforced in better-auth's database hooks (server/auth/index.ts) so that
// every way in — sign-up, an owner provisioning an account, the update-user endpoint any signed-in
// user can call — passes the same checks. A refusal is a 400 naming the field and the fix.
import { APIError } from "better-auth";
import { checkDisplayName } from "@/shared/display-name";

function refuse(field: string, message: string): APIError {
  return new APIError("BAD_REQUEST", { message: `${field}: ${message}`, code: "INVALID_ACCOUNT_FIELD", field });
}

// Signpost shows no profile pictures. better-auth would store any `image` a user sends (any length,
// any URL) and copy it into the session cookie on every response: refused rather than kept unseen.
function checkImage(image: unknown): void {
  if (image !== undefined && image !== null) {
    throw refuse("image", "Signpost has no profile pictures: leave `image` out");
  }
}

function checkedName(value: unknown): string {
  const result = checkDisplayName(value);
  if (!result.ok) throw refuse("name", result.message);
  return result.name;
}

/** A new account's fields, checked; the name comes back trimmed. */
export function checkNewAccount<T extends { name: string; image?: string | null | undefined }>(user: T): T {
  checkImage(user.image);
  return { ...user, name: checkedName(user.name) };
}

/**
 * The fields of an account update, checked. better-auth's update-user passes `name` and `image`
 * (email is refused by better-auth itself); other internal updates (e.g. emailVerified) pass through.
 */
export function checkAccountUpdate<T extends { name?: string | undefined; image?: string | null | undefined }>(
  data: T,
): T {
  checkImage(data.image);
  if (data.name === undefined) return data;
  return { ...data, name: checkedName(data.name) };
}
