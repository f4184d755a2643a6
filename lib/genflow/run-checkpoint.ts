// Checkpoints of long runs (write_draft: the sections completed so far). A run whose process dies is resumed
// from its checkpoint; one that keeps making progress between deaths (common for long drafts on serverless
// functions) may be resumed more often than one that does not.
import "server-only";
import type { DraftCheckpoint } from "@/lib/ai/agents/types";
import { db, type Prisma } from "@/lib/db";
import { LeaseLostError, type RunFence } from "@/lib/genflow/events";
import { describeError, log } from "@/lib/log";

/** Attempts for any run; a run whose last attempt advanced its checkpoint gets up to the second figure. */
export const MAX_ATTEMPTS = 2;
export const MAX_CHECKPOINTED_ATTEMPTS = 5;

export interface StoredCheckpoint extends DraftCheckpoint {
  /** The attempt that wrote it. */
  attempt: number;
}

export function readCheckpoint(value: Prisma.JsonValue | null): StoredCheckpoint | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const { text, sections, attempt } = value;
  return typeof text === "string" && typeof sections === "number" && typeof attempt === "number" ? { text, sections, attempt } : null;
}

/** Whether a run whose process died may be tried again. */
export function mayResume(run: { attempts: number; checkpoint: Prisma.JsonValue | null }): boolean {
  if (run.attempts < MAX_ATTEMPTS) return true;
  const checkpoint = readCheckpoint(run.checkpoint);
  return checkpoint?.attempt === run.attempts && run.attempts < MAX_CHECKPOINTED_ATTEMPTS;
}

/**
 * Saves checkpoints of one attempt in order, fenced like every write of a run: a checkpoint from an attempt
 * that lost the run is refused (and stops it).
 */
export function createCheckpointWriter(fence: RunFence, onLeaseLost: (error: LeaseLostError) => void) {
  let chain = Promise.resolve();
  return (state: DraftCheckpoint) => {
    const checkpoint: StoredCheckpoint = { ...state, attempt: fence.attempt };
    chain = chain
      .then(async () => {
        const { count } = await db.run.updateMany({
          where: { id: fence.runId, leaseOwner: fence.owner, attempts: fence.attempt, status: "running" },
          data: { checkpoint: { ...checkpoint }, progressAt: new Date() },
        });
        if (count === 0) onLeaseLost(new LeaseLostError());
      })
      .catch((error: unknown) => log.warn({ event: "run", runId: fence.runId, error: describeError(error) }, "a checkpoint was not saved"));
  };
}
