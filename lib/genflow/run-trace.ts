// What an operator sees of a run: one log line per transition (started or resumed, finished with its outcome,
// recovered by someone else) and an OpenTelemetry span around its work, parent of the model calls' spans.
// Ids, counts and timings only: never parameters, prompts or article text. Spans are no-ops unless tracing is
// configured (instrumentation.ts).
import "server-only";
import { context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import { log } from "@/lib/log";

const tracer = trace.getTracer("genflow");

interface RunIds {
  sessionId: string;
  runId: string;
  action: string;
  attempt: number;
}

interface RunEnd {
  /** What the database holds at the end: succeeded, failed, cancelled — or taken_over by another process. */
  outcome: string;
  model: string | null;
  usage: { inputTokens: number; outputTokens: number; calls: number };
}

export interface RunTrace {
  /** Runs `work` with the run's span active, so model calls and queries nest under it. */
  within<T>(work: () => Promise<T>): Promise<T>;
  /** The error a failed attempt ended with (an AppError: its code and writer-facing message). */
  noteFailure(error: { code: string; message: string }): void;
  end(result: RunEnd): void;
}

/** A claimed run starts (attempt 1) or resumes (attempt 2+, after its process died). */
export function traceRun(ids: RunIds): RunTrace {
  const started = performance.now();
  const fields = { event: "run", sessionId: ids.sessionId, runId: ids.runId, action: ids.action, attempt: ids.attempt };
  const span: Span = tracer.startSpan(`run ${ids.action}`, {
    attributes: { "genflow.session.id": ids.sessionId, "genflow.run.id": ids.runId, "genflow.run.action": ids.action, "genflow.run.attempt": ids.attempt },
  });
  log.info({ ...fields, outcome: ids.attempt > 1 ? "resumed" : "started" }, "run claimed");
  let error: { code: string; message: string } | undefined;
  return {
    within: (work) => context.with(trace.setSpan(context.active(), span), work),
    noteFailure: ({ code, message }) => {
      error = { code, message };
    },
    end({ outcome, model, usage }) {
      const ms = Math.round(performance.now() - started);
      const line = {
        ...fields,
        outcome,
        model,
        tokensIn: usage.inputTokens,
        tokensOut: usage.outputTokens,
        modelCalls: usage.calls,
        ms,
        ...(error ? { error } : {}),
      };
      log[outcome === "failed" ? "warn" : "info"](line, `run ${outcome}`);
      span.setAttributes({
        "genflow.run.outcome": outcome,
        "gen_ai.usage.input_tokens": usage.inputTokens,
        "gen_ai.usage.output_tokens": usage.outputTokens,
        ...(model ? { "gen_ai.request.model": model } : {}),
      });
      if (outcome === "failed") span.setStatus({ code: SpanStatusCode.ERROR, message: error?.code ?? "failed" });
      span.end();
    },
  };
}

/** A stale run noticed by a sweep, a read or the cron: handed to a new attempt, or failed for good. */
export function logRunRecovery({
  sessionId,
  runId,
  action,
  attempts,
  outcome,
}: {
  sessionId: string;
  runId: string;
  action: string;
  attempts: number;
  outcome: "resuming" | "failed";
}): void {
  log[outcome === "failed" ? "warn" : "info"](
    { event: "run", sessionId, runId, action, attempt: attempts, outcome: outcome === "failed" ? "failed_stale" : "resuming" },
    outcome === "failed" ? "stale run failed: no attempts left" : "stale run handed to a new attempt",
  );
}
