// The largest JSON file an import accepts, in bytes: one number, read by the import route (which
// answers 413 past it) and by next.config.js (Next's proxy must pass a body this large through
// whole). Plain JavaScript so next.config.js can import it; import-limit.d.ts types it.
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;
