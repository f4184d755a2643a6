// One fresh, migrated PostgreSQL database per test run (127.0.0.1:5432 or TEST_DATABASE_URL; embedded otherwise).
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "../lib/test-db";

export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.drop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
