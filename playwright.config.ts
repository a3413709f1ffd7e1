// Browser tests: Debian's Chromium (no browser download) against the production server on a
// fresh temporary database, started by `npm start` exactly as a newcomer would.
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.resolve("tests/.tmp/e2e");

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "off",
  },
  webServer: {
    command: `rm -rf "${dataDir}" && npm start`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // The specs' browsers stand for people behind a proxy on this machine: each context names its
    // own client in X-Forwarded-For (the sign-in limit counts per client), believed from loopback.
    env: {
      PORT: String(port),
      DATABASE_PATH: path.join(dataDir, "signpost.db"),
      SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1",
    },
  },
});
