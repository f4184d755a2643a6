// Global setup/teardown of the contract check (e2e/contract.ts): starts each run with no coverage notes, and
// ends it by printing which documented operations the run's real responses exercised. A full run
// (scripts/test/run-e2e.ts sets E2E_CONTRACT_COVERAGE=required when given no filter) fails when one is not:
// every worker appends to its own file, and teardown reads them after all workers have ended.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { COVERAGE_DIR } from "./contract";

export function clearCoverage() {
  rmSync(COVERAGE_DIR, { recursive: true, force: true });
}

/** Prints the coverage and returns the documented operations no checked response exercised (null: no document). */
export async function reportCoverage(baseURL: string): Promise<string[] | null> {
  const seen = new Set(
    existsSync(COVERAGE_DIR) ? readdirSync(COVERAGE_DIR).flatMap((file) => readFileSync(join(COVERAGE_DIR, file), "utf8").split("\n").filter(Boolean)) : [],
  );
  const res = await fetch(new URL("/api/genflow/openapi.json", baseURL)).catch(() => null);
  if (!res?.ok) return null;
  const doc: { paths: Record<string, Record<string, unknown>> } = await res.json();
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  const covered = operations.filter((op) => [...seen].some((entry) => entry.startsWith(`${op} `)));
  const missing = operations.filter((op) => !covered.includes(op));
  console.log(
    `contract: ${seen.size} (operation, status) pairs checked against the OpenAPI document; ${covered.length}/${operations.length} operations exercised${missing.length ? ` (not exercised by this run: ${missing.join(", ")})` : ""}`,
  );
  return missing;
}
