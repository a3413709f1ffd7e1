// drizzle-kit for the PostgreSQL schema (db/schema-pg.ts): `npm run db:generate:pg`. The SQLite
// schema has its own config (drizzle.config.ts); change both schemas together.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
