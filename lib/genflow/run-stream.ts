// The AI SDK UI message stream of a run, for callers that send `Accept: text/event-stream`. It only listens:
// the run goes on (and lands in the database) whether or not the client stays connected.
import "server-only";
import { createUIMessageStream, createUIMessageStreamResponse } from "ai";
import { onRunSignal } from "@/lib/genflow/run-bus";

interface RunSnapshot {
  actionId: string;
  status: string;
  result: unknown;
  errorMessage: string | null;
}

export function createRunStreamResponse(run: RunSnapshot): Response {
  const textId = `text-${run.actionId}`;
  const stream = createUIMessageStream({
    execute: async ({ writer }) => {
      writer.write({ type: "data-run", data: { actionId: run.actionId, status: run.status } });
      if (run.status !== "queued" && run.status !== "running") {
        writer.write({ type: "data-result", data: { status: run.status, result: run.result, error: run.errorMessage } });
        return;
      }
      let textStarted = false;
      await new Promise<void>((resolve) => {
        const stop = onRunSignal(run.actionId, (signal) => {
          if (signal.kind === "delta") {
            if (!textStarted) writer.write({ type: "text-start", id: textId });
            textStarted = true;
            writer.write({ type: "text-delta", id: textId, delta: signal.text });
          } else if (signal.kind === "progress") {
            writer.write({ type: "data-progress", data: { progress: signal.progress, currentStep: signal.currentStep }, transient: true });
          } else {
            if (textStarted) writer.write({ type: "text-end", id: textId });
            writer.write({ type: "data-result", data: { status: signal.status, result: signal.result ?? null, error: signal.error ?? null } });
            if (signal.status === "failed") writer.write({ type: "error", errorText: signal.error ?? "The action failed" });
            // A cancelled run carries the reason in errorMessage; it is not an error of the stream.
            stop();
            resolve();
          }
        });
      });
    },
  });
  return createUIMessageStreamResponse({ stream, headers: { "x-genflow-action-id": run.actionId } });
}
