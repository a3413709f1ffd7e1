// How often one person may create teams, invite people and have accounts made through their
// invitation links: without these, any signed-in user could mint accounts by the hundred (issue 11,
// finding 8). Counted in the `rate_limit` table (server/rate-limit.ts), so restarts do not reset them.
import type { Limit } from "@/server/rate-limit";

const HOUR = 60 * 60 * 1000;

export const TEAM_CREATE_LIMIT: Limit = { max: 5, windowMs: HOUR };
export const INVITE_LIMIT: Limit = { max: 30, windowMs: HOUR };
/** Accounts created through the links of one inviter. */
export const INVITED_ACCOUNTS_LIMIT: Limit = { max: 10, windowMs: HOUR };
/**
 * Accounts created through any link on this server: each new account may itself create a team and
 * invite, so per-inviter limits alone would let a patient minter grow tenfold every hour.
 */
export const ALL_INVITED_ACCOUNTS_LIMIT: Limit = { max: 100, windowMs: HOUR };
export const ALL_INVITED_ACCOUNTS_KEY = "invited-accounts:all";

export const teamCreateKey = (userId: string) => `team-create:${userId}`;
export const inviteKey = (userId: string) => `invite:${userId}`;
/** Keyed by the inviter; by the team when the inviter's account is gone. */
export const invitedAccountsKey = (inviterId: string | null, teamId: string) =>
  inviterId ? `invited-accounts:${inviterId}` : `invited-accounts:team:${teamId}`;

// The 429 answer and the take-or-refuse step are the rate limiter's, shared with the import.
export { spendOrRefuse, tooManyRequests } from "@/server/rate-limit";
