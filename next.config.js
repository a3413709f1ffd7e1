// Next.js configuration. Security headers are set in proxy.ts (the CSP needs a per-request nonce).
import { IMPORT_LIMIT_BYTES } from "./server/export/import-limit.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Without tsconfig.json's "server-only" mapping, which is for Node outside Next.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  experimental: {
    // proxy.ts runs on every route, so Next buffers each request body for it and cuts it at this
    // size (10 MB by default): an import up to IMPORT_LIMIT_BYTES must pass whole. Next drops the
    // chunk that crosses the limit, so it gets a megabyte more: a file over the import limit still
    // reaches the route over it, and is answered 413 rather than cut into something not JSON.
    proxyClientMaxBodySize: IMPORT_LIMIT_BYTES + 1024 * 1024,
  },
};

export default nextConfig;
