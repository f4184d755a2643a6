// The two ways agents call a model: structured output (validated by zod; a malformed answer is retried with a
// repair prompt) and streamed prose. Every call runs under the deadlines of lib/ai/deadline.ts (first byte,
// silence between chunks) and this file's retry policy per fault kind (lib/ai/faults.ts); both report token
// usage so runs can be billed and budgets enforced, and every fault met so runs can count them.
import "server-only";
import { experimental_streamLanguageModelCall as streamLanguageModelCall, generateText, type LanguageModel, Output, streamText } from "ai";
import type { z } from "zod";
import { classifyModelFault, isDatabaseError, type ModelFault, type ModelFaultKind, StreamEndedError, toModelAppError } from "@/lib/ai/faults";
import { estimateTokens } from "@/lib/ai/pricing";
import { getStageModel } from "@/lib/ai/providers";
import { AppError } from "@/lib/errors";
import type { Stage } from "@/lib/genflow/stages";
import { describeError, log } from "@/lib/log";
import { isTracingConfigured } from "@/lib/tracing";

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
  /** Each fault met, retried or not (the run counts them). */
  onFault?: (kind: ModelFaultKind) => void;
  /** A sign of life: an attempt started or a chunk arrived (the run's watchdog reads it). */
  onActivity?: () => void;
}

// How many times one call may meet each kind of fault (a hung provider gets a second chance, not four), and
// how many attempts a call gets whatever the mix.
const MAX_FAULTS: Record<ModelFaultKind, number> = {
  rate_limited: 4,
  server_error: 4,
  unreachable: 3,
  timeout: 2,
  stalled: 2,
  cut: 3,
  malformed: 2,
  refused: 1,
  other: 1,
};
const MAX_ATTEMPTS = 6;

/** Counts a call's faults; says whether the policy allows another attempt. */
function createRetryPolicy() {
  const met = new Map<ModelFaultKind, number>();
  let attempts = 0;
  return (fault: ModelFault) => {
    attempts++;
    met.set(fault.kind, (met.get(fault.kind) ?? 0) + 1);
    return { attempts, again: fault.retryable && attempts < MAX_ATTEMPTS && (met.get(fault.kind) ?? 0) < MAX_FAULTS[fault.kind] };
  };
}
const MAX_RETRY_AFTER_MS = 20_000;

// Traced when tracing is on (instrumentation.ts registers the AI SDK's OpenTelemetry integration): model,
// tokens, latency, each HTTP attempt — never the prompt or the answer, which hold the writer's article.
const telemetryFor = (stage: Stage, kind: string) => ({ functionId: `genflow.${stage}.${kind}`, recordInputs: false, recordOutputs: false });

function toUsage(usage: { inputTokens?: number; outputTokens?: number }): Usage {
  return { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0, calls: 1 };
}

function retryDelayMs(fault: ModelFault, attempt: number): number {
  if (fault.kind === "rate_limited") return Math.min(MAX_RETRY_AFTER_MS, fault.retryAfterMs ?? 1000 * 2 ** attempt);
  if (fault.kind === "server_error" || fault.kind === "unreachable") return 500 * 2 ** attempt;
  return fault.kind === "malformed" ? 0 : 250;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Model failures as errors a writer can act on; the SDK's own messages can be long and technical. */
export function describeModelError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseError(error)) {
    log.error({ error: describeError(error) }, "database error during a run");
    return new AppError("service_unavailable", "The server could not save this step (database unavailable); please retry");
  }
  return toModelAppError(classifyModelFault(error), 1);
}

type PreviousFault = { fault: ModelFault; error: unknown } | null;

/**
 * The retry loop of every call: runs `attempt` (a promise, or a generator whose elements are passed on) until it
 * succeeds or the fault's policy gives up. A cancelled or timed-out run stops at once with the run's own reason.
 * `attempt` gets the previous fault (for a repair prompt). `mayRetry` is asked after each failure: once an
 * attempt has yielded, a retry would repeat what was yielded.
 */
async function* retryAttempts<T, R>(
  ctx: CallContext,
  attempt: (previous: PreviousFault) => AsyncGenerator<T, R> | Promise<R>,
  mayRetry: () => boolean = () => true,
): AsyncGenerator<T, R> {
  let previous: PreviousFault = null;
  const policy = createRetryPolicy();
  for (let n = 0; ; n++) {
    if (ctx.signal?.aborted) throw describeModelError(ctx.signal.reason);
    ctx.onActivity?.();
    try {
      const outcome = attempt(previous);
      return outcome instanceof Promise ? await outcome : yield* outcome;
    } catch (error) {
      if (ctx.signal?.aborted) throw describeModelError(ctx.signal.reason);
      if (error instanceof AppError || isDatabaseError(error)) throw describeModelError(error);
      const fault = classifyModelFault(error);
      ctx.onFault?.(fault.kind);
      const { attempts, again } = policy(fault);
      if (!mayRetry() || !again) throw toModelAppError(fault, attempts);
      previous = { fault, error };
      await pause(retryDelayMs(fault, n), ctx.signal);
    }
  }
}

/** retryAttempts for a call that yields nothing: its one result. */
async function withRetries<T>(ctx: CallContext, attempt: (previous: PreviousFault) => Promise<T>): Promise<T> {
  return (await retryAttempts<never, T>(ctx, attempt).next()).value;
}

export async function generateStructured<S extends z.ZodType>({
  ctx,
  schema,
  instructions,
  prompt,
}: {
  ctx: CallContext;
  schema: S;
  instructions: string;
  prompt: string;
}): Promise<z.infer<S>> {
  const { model } = getStageModel(ctx.stage);
  await ctx.beforeCall?.(estimateTokens(instructions + prompt) * 2);
  return withRetries(ctx, async (previous) => {
    // After a malformed answer, the repair: the same request plus what was wrong with the first answer.
    const repair =
      previous?.fault.kind === "malformed"
        ? `\n\nYour previous answer was not valid: ${String((previous.error as Error)?.message ?? "").slice(0, 500)}\nAnswer again with JSON that matches the schema exactly.`
        : "";
    const result = await generateText({
      model,
      instructions,
      prompt: prompt + repair,
      output: Output.object({ schema }),
      maxRetries: 0,
      abortSignal: ctx.signal,
      telemetry: telemetryFor(ctx.stage, "structured"),
    });
    await ctx.onUsage?.(toUsage(result.totalUsage));
    return result.output as z.infer<S>;
  });
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

/** The parts of a prose stream streamProse reads, whichever SDK layer produced them. */
type ProsePart =
  | { type: "text"; text: string }
  | { type: "failure"; error: unknown }
  | { type: "end"; finishReason: string; usage?: { inputTokens?: number; outputTokens?: number } };

/**
 * One prose call's parts. Without tracing: the SDK's single model call (prompt conversion, the provider's SSE
 * parsing and chunk validation) and no more; streamText's step machinery, replay buffers and result promises
 * cost more CPU than the parsing itself (scripts/bench/prose-stream.ts). With tracing: streamText, for its spans.
 */
async function* openProseStream({
  model,
  instructions,
  prompt,
  signal,
  stage,
}: {
  model: LanguageModel;
  instructions: string;
  prompt: string;
  signal?: AbortSignal;
  stage: Stage;
}): AsyncGenerator<ProsePart> {
  if (isTracingConfigured()) {
    // onError: the parts carry every error; the SDK's default would print each one to the console.
    const result = streamText({ model, instructions, prompt, maxRetries: 0, abortSignal: signal, onError: () => {}, telemetry: telemetryFor(stage, "prose") });
    for await (const part of result.stream) {
      if (part.type === "text-delta") yield { type: "text", text: part.text };
      else if (part.type === "error") yield { type: "failure", error: part.error };
      else if (part.type === "abort") yield { type: "failure", error: signal?.reason ?? new StreamEndedError() };
      else if (part.type === "finish") yield { type: "end", finishReason: part.finishReason, usage: part.totalUsage };
    }
    return;
  }
  const { stream } = await streamLanguageModelCall({ model, instructions, prompt, abortSignal: signal });
  for await (const part of stream) {
    if (part.type === "text-delta") yield { type: "text", text: part.text };
    else if (part.type === "error") yield { type: "failure", error: part.error };
    else if (part.type === "model-call-end") yield { type: "end", finishReason: part.finishReason, usage: part.usage };
  }
}

export async function streamProse({
  ctx,
  instructions,
  prompt,
  onDelta,
  expectedOutputTokens,
}: {
  ctx: CallContext;
  instructions: string;
  prompt: string;
  onDelta?: (delta: string) => void;
  expectedOutputTokens?: number;
}): Promise<string> {
  const { model } = getStageModel(ctx.stage);
  const input = estimateTokens(instructions + prompt);
  await ctx.beforeCall?.(input + (expectedOutputTokens ?? input));
  // A retried stream starts over; the writer has already seen the first `shown` characters, so only what goes
  // beyond them is passed on (the final text, not the preview, is what gets saved).
  let shown = 0;
  return withRetries(ctx, async () => {
    let text = "";
    // Read every part: a malformed chunk or a cut connection shows up as an error part (or a thrown
    // APICallError, or the stream's own error) while the text alone could look finished.
    let failure: unknown;
    let finished = false;
    let usage: { inputTokens?: number; outputTokens?: number } = {};
    const yieldNow = createYielder();
    try {
      for await (const part of openProseStream({ model, instructions, prompt, signal: ctx.signal, stage: ctx.stage })) {
        if (part.type === "text") {
          text += part.text;
          ctx.onActivity?.();
          if (text.length > shown) {
            onDelta?.(text.slice(shown));
            shown = text.length;
          }
          const wait = yieldNow();
          if (wait) await wait;
        } else if (part.type === "failure") {
          failure ??= part.error;
        } else {
          finished = part.finishReason !== "error" && part.finishReason !== "other";
          usage = part.usage ?? {};
        }
      }
    } catch (error) {
      failure ??= error;
    }
    if (failure) throw failure;
    if (!finished || text.trim() === "") throw new StreamEndedError();
    await ctx.onUsage?.(toUsage(usage));
    return text;
  });
}

/**
 * Streams the elements of a structured array one by one as the model completes each (e.g. 3 suggestions).
 * A retry after elements were yielded would repeat them, so only a failure before the first element is retried.
 */
export async function* streamElements<S extends z.ZodType>({
  ctx,
  element,
  instructions,
  prompt,
}: {
  ctx: CallContext;
  element: S;
  instructions: string;
  prompt: string;
}): AsyncGenerator<z.infer<S>> {
  const { model } = getStageModel(ctx.stage);
  await ctx.beforeCall?.(estimateTokens(instructions + prompt) * 2);
  let yielded = 0;
  yield* retryAttempts(
    ctx,
    async function* () {
      const result = streamText({
        model,
        instructions,
        prompt,
        output: Output.array({ element }),
        maxRetries: 0,
        abortSignal: ctx.signal,
        onError: () => {},
        telemetry: telemetryFor(ctx.stage, "elements"),
      });
      for await (const item of result.elementStream) {
        ctx.onActivity?.();
        yielded++;
        yield item as z.infer<S>;
      }
      await ctx.onUsage?.(toUsage(await result.totalUsage));
    },
    () => yielded === 0,
  );
}
