// In-process fan-out of a run's live output, for callers that asked for the AI SDK stream over HTTP.
// The run itself does not depend on any listener: a disconnected client just stops listening.
import { EventEmitter } from "node:events";

export type RunSignal =
  | { kind: "delta"; text: string }
  | { kind: "progress"; progress: number; currentStep: string }
  | { kind: "done"; status: "succeeded" | "failed" | "cancelled"; result?: unknown; error?: string };

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function emitRunSignal(runId: string, signal: RunSignal): void {
  bus.emit(runId, signal);
}

export function onRunSignal(runId: string, listener: (signal: RunSignal) => void): () => void {
  bus.on(runId, listener);
  return () => bus.off(runId, listener);
}
