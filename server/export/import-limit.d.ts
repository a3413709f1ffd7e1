/** The largest JSON file an import accepts, in bytes (import-limit.js). */
export declare const IMPORT_LIMIT_BYTES: number;
