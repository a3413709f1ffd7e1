// better-auth's endpoints: sign-up, sign-in, sign-out, change password, session. A POST that
// carries a session cookie must come from this site's pages, with an Origin (better-auth checks a
// foreign Origin; a missing one it lets through).
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";
import { CROSS_SITE_REFUSAL, errorResponse, sameOrigin } from "@/server/export/http";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return toNextJsHandler(getAuth()).GET(req);
}

export async function POST(req: Request) {
  if (!sameOrigin(req)) return errorResponse(403, CROSS_SITE_REFUSAL);
  return toNextJsHandler(getAuth()).POST(req);
}
