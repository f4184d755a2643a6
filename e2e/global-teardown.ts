import { reportCoverage } from "./contract-report";

export default async function globalTeardown() {
  await reportCoverage(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100");
}
