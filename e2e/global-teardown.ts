import { reportCoverage } from "./contract-report";

export default async function globalTeardown() {
  const missing = await reportCoverage(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100");
  // Only a full run can claim every operation; a filtered one (a spec, --grep, --project) just prints.
  if (process.env.E2E_CONTRACT_COVERAGE !== "required") return;
  if (!missing) throw new Error("contract: the OpenAPI document could not be read, so coverage is unknown");
  if (missing.length > 0) {
    throw new Error(`contract: ${missing.length} documented operation(s) never exercised by a checked request context: ${missing.join(", ")}`);
  }
}
