// Entry of a worker thread of server/offload/pool.ts. Next bundles the server's own code but not a
// worker's, so the worker runs the TypeScript sources through tsx (a dependency, as for `npm
// start`), with the "@/…" paths of tsconfig.json.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import("./worker.ts");
