// Who is on the other end of a request. A client can write any X-Forwarded-* header it likes, so
// those headers are believed only when the socket peer is a proxy the operator named in
// SIGNPOST_TRUSTED_PROXIES; otherwise the address is the socket's and forwarded headers are
// dropped before the app sees the request (server/cli/serve.ts).
import { BlockList, isIP } from "node:net";
import { env } from "@/env";

/** Parses SIGNPOST_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges ("10.0.0.0/8, ::1"). */
export function trustedProxies(spec = env().SIGNPOST_TRUSTED_PROXIES): BlockList {
  const list = new BlockList();
  for (const raw of spec.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0) {
      throw new Error(
        `SIGNPOST_TRUSTED_PROXIES: '${entry}' is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)`,
      );
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
        throw new Error(`SIGNPOST_TRUSTED_PROXIES: '${entry}' has an impossible prefix length`);
      }
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

/**
 * A hop as an address: "::ffff:127.0.0.1" → "127.0.0.1" (an IPv4 client on a dual-stack socket),
 * and the forms proxies write with a port, "203.0.113.7:51234" and "[2001:db8::1]:443", without it.
 */
export function normaliseAddress(address: string): string {
  let text = address.trim().replace(/^"(.*)"$/, "$1");
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(text);
  if (withPort?.[1]) text = withPort[1];
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  return mapped?.[1] ?? text;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface ForwardingVerdict {
  /** The client's address: the socket peer, or the nearest untrusted hop a trusted proxy reported. */
  client: string;
  /** Whether the socket peer is a trusted proxy, so its X-Forwarded-Host/-Proto may be believed. */
  viaTrustedProxy: boolean;
}

/**
 * Walks X-Forwarded-For from the right (each trusted proxy appends the address it saw) and stops
 * at the first hop that is not a trusted proxy: everything left of it was written by the client.
 */
export function resolveClient(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  list: BlockList,
): ForwardingVerdict {
  const peer = normaliseAddress(socketAddress ?? "");
  const viaTrustedProxy = isTrusted(list, peer);
  let client = peer;
  if (viaTrustedProxy && forwardedFor) {
    const hops = forwardedFor.split(",").map(normaliseAddress);
    // A hop that is no address ("unknown", garbage) ends the walk there: it is what the nearest
    // proxy saw, and skipping it would hand the choice to a hop the client wrote itself.
    while (isTrusted(list, client) && hops.length > 0) client = hops.pop() as string;
  }
  return { client, viaTrustedProxy };
}
