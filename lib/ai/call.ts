// The two ways agents call a model: structured output (validated by zod, one repair attempt) and streamed
// prose. Both retry transient errors (429, 5xx, timeouts) with backoff through the AI SDK, which honours
// Retry-After, and both report token usage so runs can be billed and budgets enforced.
import "server-only";
import { APICallError, generateText, Output, streamText } from "ai";
import type { z } from "zod";
import { estimateTokens } from "@/lib/ai/pricing";
import { getStageModel } from "@/lib/ai/providers";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Stage } from "@/lib/genflow/stages";
import { describeError, log } from "@/lib/log";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  calls: number;
}

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, calls: 0 });

export interface CallContext {
  stage: Stage;
  signal?: AbortSignal;
  /** Called before each model call with an estimate of its tokens: throws when it would pass the budget. */
  beforeCall?: (estimatedTokens: number) => void | Promise<void>;
  /** Adds this call's usage to the run's running total. */
  onUsage?: (usage: Usage) => void | Promise<void>;
}

const MAX_RETRIES = 3;

// Traced when tracing is on (instrumentation.ts registers the AI SDK's OpenTelemetry integration): model,
// tokens, latency, each HTTP attempt — never the prompt or the answer, which hold the writer's article.
const telemetryFor = (stage: Stage, kind: string) => ({ functionId: `genflow.${stage}.${kind}`, recordInputs: false, recordOutputs: false });

function toUsage(usage: { inputTokens?: number; outputTokens?: number }): Usage {
  return { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0, calls: 1 };
}

function timeoutSignal(signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(env.GENFLOW_MODEL_TIMEOUT_SECONDS * 1000);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Model failures as errors a writer can act on; the SDK's own messages can be long and technical. */
export function describeModelError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode ?? 0;
    const what = status === 429 ? "is rate limiting us" : status >= 500 ? `failed (HTTP ${status})` : `refused the request (HTTP ${status})`;
    return new AppError("model_error", `The model ${what}; please retry in a moment`);
  }
  const name = (error as { name?: string }).name ?? "";
  if (name.startsWith("PrismaClient") || /^P\d{4}$/.test(String((error as { code?: unknown }).code ?? ""))) {
    log.error({ error: describeError(error) }, "database error during a run");
    return new AppError("service_unavailable", "The server was too busy to save this step; please retry");
  }
  if (name === "TimeoutError" || name === "AbortError") return new AppError("model_error", "The model did not answer in time; please retry");
  if (name.includes("NoObjectGenerated") || name.includes("NoOutputGenerated") || name.includes("JSONParse") || name.includes("TypeValidation")) {
    return new AppError("model_error", "The model's answer did not have the expected shape, even after a repair attempt; please retry");
  }
  return new AppError("model_error", "The model call failed; please retry");
}

export async function generateStructured<S extends z.ZodType>({
  ctx,
  schema,
  instructions,
  prompt,
}: { ctx: CallContext; schema: S; instructions: string; prompt: string }): Promise<z.infer<S>> {
  const { model } = getStageModel(ctx.stage);
  await ctx.beforeCall?.(estimateTokens(instructions + prompt) * 2);
  let lastError: unknown;
  // The second attempt is the repair: the same request plus what was wrong with the first answer.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const result = await generateText({
        model,
        instructions,
        prompt: attempt === 0 ? prompt : `${prompt}\n\nYour previous answer was not valid: ${String((lastError as Error)?.message ?? "").slice(0, 500)}\nAnswer again with JSON that matches the schema exactly.`,
        output: Output.object({ schema }),
        maxRetries: MAX_RETRIES,
        abortSignal: timeoutSignal(ctx.signal),
        telemetry: telemetryFor(ctx.stage, "structured"),
      });
      await ctx.onUsage?.(toUsage(result.totalUsage));
      return result.output as z.infer<S>;
    } catch (error) {
      if (ctx.signal?.aborted || APICallError.isInstance(error) || (error as Error).name === "TimeoutError") throw describeModelError(error);
      lastError = error;
    }
  }
  throw describeModelError(lastError);
}

/**
 * Reading chunks a fast model has already buffered resolves in microtasks only, so one stream could hold the
 * event loop until its backlog is drained while every other request waits. Every ~10 ms of reading, let
 * them in.
 */
function createYielder(sliceMs = 10): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

export async function streamProse({
  ctx,
  instructions,
  prompt,
  onDelta,
  expectedOutputTokens,
}: { ctx: CallContext; instructions: string; prompt: string; onDelta?: (delta: string) => void; expectedOutputTokens?: number }): Promise<string> {
  const { model } = getStageModel(ctx.stage);
  const input = estimateTokens(instructions + prompt);
  await ctx.beforeCall?.(input + (expectedOutputTokens ?? input));
  const result = streamText({ model, instructions, prompt, maxRetries: MAX_RETRIES, abortSignal: timeoutSignal(ctx.signal), telemetry: telemetryFor(ctx.stage, "prose") });
  let text = "";
  // Iterate the full stream: a malformed chunk or a cut connection shows up as an error or abort part (or a
  // thrown APICallError) while the text alone could look finished.
  let failure: unknown;
  let finished = false;
  const yieldNow = createYielder();
  try {
    for await (const part of result.stream) {
      if (part.type === "text-delta") {
        text += part.text;
        onDelta?.(part.text);
        const pause = yieldNow();
        if (pause) await pause;
      } else if (part.type === "error") {
        failure ??= part.error;
      } else if (part.type === "abort") {
        failure ??= ctx.signal?.reason ?? new DOMException("aborted", "TimeoutError");
      } else if (part.type === "finish") {
        finished = part.finishReason !== "error" && part.finishReason !== "other";
      }
    }
  } catch (error) {
    failure ??= error;
  }
  if (failure || !finished || text.trim() === "") throw describeModelError(failure ?? new Error("the model stream ended early"));
  await ctx.onUsage?.(toUsage(await result.totalUsage));
  return text;
}

/** Streams the elements of a structured array one by one as the model completes each (e.g. 3 suggestions). */
export async function* streamElements<S extends z.ZodType>({
  ctx,
  element,
  instructions,
  prompt,
}: { ctx: CallContext; element: S; instructions: string; prompt: string }): AsyncGenerator<z.infer<S>> {
  const { model } = getStageModel(ctx.stage);
  await ctx.beforeCall?.(estimateTokens(instructions + prompt) * 2);
  const result = streamText({ model, instructions, prompt, output: Output.array({ element }), maxRetries: MAX_RETRIES, abortSignal: timeoutSignal(ctx.signal), telemetry: telemetryFor(ctx.stage, "elements") });
  try {
    for await (const item of result.elementStream) yield item as z.infer<S>;
    await ctx.onUsage?.(toUsage(await result.totalUsage));
  } catch (error) {
    throw describeModelError(error);
  }
}
