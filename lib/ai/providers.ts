// Which model each stage uses. OpenAI itself (OPENAI_API_KEY) or any OpenAI-compatible server
// (OPENAI_BASE_URL: Ollama, vLLM, LM Studio, Azure), through the Responses or the Chat Completions API.
import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { createDeadlineFetch } from "@/lib/ai/deadline";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Stage } from "@/lib/genflow/stages";

const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";

const STAGE_MODEL_VARS: Record<Stage, string | undefined> = {
  topic: env.GENFLOW_MODEL_TOPIC,
  research: env.GENFLOW_MODEL_RESEARCH,
  writing: env.GENFLOW_MODEL_WRITING,
  styling: env.GENFLOW_MODEL_STYLING,
  review: env.GENFLOW_MODEL_REVIEW,
  publish: env.GENFLOW_MODEL_PUBLISH,
};

export interface ModelInfo {
  configured: boolean;
  provider: "openai" | "openai-compatible" | null;
  apiMode: "responses" | "chat";
  models: Record<Stage, string | null>;
  missing: string | null;
}

/** What is configured, for the settings page, the health of AI actions and clear errors. */
export function describeModels(): ModelInfo {
  const compatible = Boolean(env.OPENAI_BASE_URL);
  const base = env.GENFLOW_MODEL ?? (env.OPENAI_API_KEY && !compatible ? DEFAULT_OPENAI_MODEL : undefined);
  const configured = Boolean((env.OPENAI_API_KEY || compatible) && base);
  const modelOf = (stage: Stage) => (configured ? (STAGE_MODEL_VARS[stage] ?? base ?? null) : null);
  const models: Record<Stage, string | null> = {
    topic: modelOf("topic"),
    research: modelOf("research"),
    writing: modelOf("writing"),
    styling: modelOf("styling"),
    review: modelOf("review"),
    publish: modelOf("publish"),
  };
  let missing: string | null = null;
  if (!env.OPENAI_API_KEY && !compatible) missing = "Set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL and GENFLOW_MODEL (an OpenAI-compatible server).";
  else if (!base) missing = "Set GENFLOW_MODEL to the model your OpenAI-compatible server serves.";
  return {
    configured,
    provider: configured ? (compatible ? "openai-compatible" : "openai") : null,
    apiMode: env.OPENAI_API_MODE ?? (compatible ? "chat" : "responses"),
    models,
    missing,
  };
}

let provider: ReturnType<typeof createOpenAI> | undefined;

// Well under the 200 ms draft.delta batches writers see, and ~10 tokens of a 400 tokens/s stream per chunk.
const MODEL_CHUNK_COALESCE_MS = 25;

/** The model for a stage, or a 503 that names the variables to set. */
export function getStageModel(stage: Stage): { model: LanguageModel; modelId: string } {
  const info = describeModels();
  const modelId = info.models[stage];
  if (!info.configured || !modelId) {
    throw new AppError("model_not_configured", `No model is configured. ${info.missing ?? ""}`.trim());
  }
  // Local servers often need no key; the SDK insists on one, so any placeholder will do for them.
  provider ??= createOpenAI({
    apiKey: env.OPENAI_API_KEY ?? "not-needed",
    baseURL: env.OPENAI_BASE_URL,
    fetch: createDeadlineFetch({
      firstByteMs: () => env.GENFLOW_MODEL_TIMEOUT_SECONDS * 1000,
      idleMs: () => env.GENFLOW_MODEL_IDLE_SECONDS * 1000,
      coalesceMs: () => MODEL_CHUNK_COALESCE_MS,
    }),
  });
  const model = info.apiMode === "chat" ? provider.chat(modelId) : provider.responses(modelId);
  return { model, modelId };
}
