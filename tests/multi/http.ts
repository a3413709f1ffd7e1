// A person's session over plain HTTP, as the app's pages send it: better-auth's cookie, tRPC with
// superjson, mutations with the site's own Origin. One session works on every instance of an
// installation (the session row is in the shared database, the cookie signed with the shared
// AUTH_SECRET), so a runner may send each call to whichever instance it likes.
import superjson from "superjson";

/** A tRPC refusal: its code (CONFLICT, NOT_FOUND…), message and the domain error's details. */
export class TrpcRefusal extends Error {
  override name = "TrpcRefusal";
  constructor(
    readonly procedure: string,
    readonly code: string,
    message: string,
    readonly details: { currentVersion?: number; changes?: { actor: string; summary: string; at: number }[] } | null,
  ) {
    super(message);
  }
}

interface TrpcBody {
  result?: { data: Parameters<typeof superjson.deserialize>[0] };
  error?: { json: { message: string; data?: { code?: string; details?: TrpcRefusal["details"] } } };
}

export class Session {
  constructor(
    readonly name: string,
    readonly email: string,
    readonly cookie: string,
  ) {}

  async query<T>(base: string, procedure: string, input?: unknown): Promise<T> {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    return answer<T>(
      procedure,
      await fetch(`${base}/api/trpc/${procedure}${query}`, { headers: { cookie: this.cookie } }),
    );
  }

  async mutate<T>(base: string, procedure: string, input: unknown): Promise<T> {
    const response = await fetch(`${base}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": "application/json", origin: base },
      body: JSON.stringify(superjson.serialize(input)),
    });
    return answer<T>(procedure, response);
  }
}

async function answer<T>(procedure: string, response: Response): Promise<T> {
  const text = await response.text();
  let body: TrpcBody;
  try {
    body = JSON.parse(text) as TrpcBody;
  } catch {
    throw new Error(`${procedure} answered ${response.status} with no JSON: ${text.slice(0, 300)}`);
  }
  if (response.ok && body.result) return superjson.deserialize<T>(body.result.data);
  const error = body.error?.json;
  throw new TrpcRefusal(
    procedure,
    error?.data?.code ?? `HTTP ${response.status}`,
    error?.message ?? text.slice(0, 300),
    error?.data?.details ?? null,
  );
}

function cookieOf(response: Response): string {
  return (response.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
}

async function authPost(base: string, path: string, body: unknown): Promise<Response> {
  const response = await fetch(`${base}/api/auth/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} on ${base} failed: ${response.status} ${await response.text()}`);
  return response;
}

/** Creates the installation's first account (its owner, with the demo team) and returns its session. */
export async function signUpFirst(base: string, person: { name: string; email: string; password: string }) {
  const response = await authPost(base, "sign-up/email", person);
  return new Session(person.name, person.email, cookieOf(response));
}

/** Signs in with email and password on `base`; the session then works on every instance. */
export async function signIn(base: string, person: { name: string; email: string; password: string }) {
  const response = await authPost(base, "sign-in/email", { email: person.email, password: person.password });
  return new Session(person.name, person.email, cookieOf(response));
}

/**
 * The owner invites `person` as an analyst on one instance; the person creates their account through
 * the link on another and signs in there: the invitation, the account and the session cross instances.
 */
export async function inviteAnalyst(
  owner: Session,
  teamId: string,
  person: { name: string; email: string; password: string },
  inviteOn: string,
  joinOn: string,
): Promise<Session> {
  const invited = await owner.mutate<{ token: string }>(inviteOn, "teams.invite", {
    teamId,
    email: person.email,
    role: "analyst",
  });
  const anonymous = new Session("", "", "");
  await anonymous.mutate(joinOn, "teams.signUpWithInvitation", {
    token: invited.token,
    name: person.name,
    password: person.password,
  });
  return signIn(joinOn, person);
}
