// `--judge`: the configured model as an entailment judge, one call per citation, over its OpenAI-compatible
// endpoint with the AI SDK. The prompt is eval/judge-prompt.md, so changing it shows up in review.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, Output } from "ai";
import { z } from "zod";

export const JUDGE_PROMPT_PATH = resolve(fileURLToPath(import.meta.url), "../../../eval/judge-prompt.md");

export interface JudgeConfig {
  /** OpenAI itself when absent. */
  baseURL?: string;
  apiKey?: string;
  model: string;
  apiMode: "responses" | "chat";
}

export interface JudgeUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

const verdictSchema = z.object({ verdict: z.enum(["supported", "not_supported"]), reason: z.string() });
export type Verdict = z.infer<typeof verdictSchema>;

export type Judge = (input: { sentence: string; source: string }) => Promise<Verdict>;

/** The judge for `config`; every call adds to `usage`. */
export async function createJudge(config: JudgeConfig, usage: JudgeUsage): Promise<Judge> {
  const instructions = await readFile(JUDGE_PROMPT_PATH, "utf8");
  const provider = createOpenAI({ baseURL: config.baseURL, apiKey: config.apiKey ?? "not-needed" });
  const model = config.apiMode === "chat" ? provider.chat(config.model) : provider.responses(config.model);
  return async ({ sentence, source }) => {
    const result = await generateText({
      model,
      instructions,
      prompt: `SENTENCE:\n${sentence}\n\nSOURCE:\n${source}`,
      output: Output.object({ schema: verdictSchema }),
      maxRetries: 2,
      abortSignal: AbortSignal.timeout(120_000),
    });
    usage.calls += 1;
    usage.inputTokens += result.usage.inputTokens ?? 0;
    usage.outputTokens += result.usage.outputTokens ?? 0;
    return result.output;
  };
}

/**
 * The judge's config from the same variables the app reads (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_API_MODE,
 * GENFLOW_MODEL_REVIEW / GENFLOW_MODEL), so "the configured model" judges; null when none is configured.
 */
export function judgeConfigFromEnv(env: NodeJS.ProcessEnv): JudgeConfig | null {
  const baseURL = env.OPENAI_BASE_URL || undefined;
  const model = env.GENFLOW_MODEL_REVIEW || env.GENFLOW_MODEL || (env.OPENAI_API_KEY && !baseURL ? "gpt-4.1-mini" : undefined);
  if (!model || (!baseURL && !env.OPENAI_API_KEY)) return null;
  const mode = env.OPENAI_API_MODE === "chat" || env.OPENAI_API_MODE === "responses" ? env.OPENAI_API_MODE : baseURL ? "chat" : "responses";
  return { baseURL, apiKey: env.OPENAI_API_KEY || undefined, model, apiMode: mode };
}
