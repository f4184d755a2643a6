import { clearCoverage } from "./contract-report";

export default function globalSetup() {
  clearCoverage();
}
