// Estimated cost of a run from its token usage. Prices in USD per million tokens (input, output); an
// operator can override every model's price with GENFLOW_PRICE_PER_MTOK="in/out" (e.g. "0.4/1.6").
import { env } from "@/lib/env";

const PRICES: Record<string, [number, number]> = {
  "gpt-4.1": [2, 8],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-4o": [2.5, 10],
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-5": [1.25, 10],
  "gpt-5-mini": [0.25, 2],
  "gpt-5-nano": [0.05, 0.4],
};

function priceOf(model: string): [number, number] {
  if (env.GENFLOW_PRICE_PER_MTOK) {
    const [input, output] = env.GENFLOW_PRICE_PER_MTOK.split("/").map(Number);
    if (Number.isFinite(input) && Number.isFinite(output)) return [input, output];
  }
  return PRICES[model] ?? [0, 0];
}

export function estimateCostUsd({ model, inputTokens, outputTokens }: { model: string; inputTokens: number; outputTokens: number }): number {
  const [input, output] = priceOf(model);
  return Math.round(((inputTokens * input + outputTokens * output) / 1_000_000) * 1e6) / 1e6;
}

/** A rough token count before a call (≈ 4 characters per token), for budget checks. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
