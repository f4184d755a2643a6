// Prisma 7 does not read .env by itself; the CLI (generate) never needs the native schema engine, which
// cannot be downloaded here, so point it at any existing file when unset. Migrations: scripts/migrate.ts.
import "dotenv/config";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "prisma/schema.prisma";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/genflow" },
});
