// What the pages show about the models: configured or not, which model each stage uses, what is missing.
// Pages read it here so that app/ depends on the domain (lib/genflow) only, not on lib/ai.
import "server-only";
import { describeModels } from "@/lib/ai/providers";

export function getModelStatus() {
  return describeModels();
}
