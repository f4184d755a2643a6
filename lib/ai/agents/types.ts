// The contract between the run engine and the stage agents. An agent receives its action's parameters as
// parsed by the action's schema (lib/genflow/actions/*) and the session's parsed stageData, and returns the
// new slice of stageData its stage owns.
import type { CallContext } from "@/lib/ai/call";
import type { EventType } from "@/lib/genflow/event-types";
import type { SessionContext } from "@/lib/genflow/session-context";
import type { StageData } from "@/lib/genflow/stage-data";
import type { NewVariant } from "@/lib/genflow/variant-responses";
import type { Locale, Stage } from "@/lib/genflow/stages";

export interface AgentInput<Parameters> {
  stage: Stage;
  language: Locale;
  parameters: Parameters;
  stageData: StageData;
  context: SessionContext;
  article: { id: string; title: string; content: string; version: number };
  feedback?: string;
  call: CallContext;
  /** Moves the session's progress bar; each call becomes a progress.update event. */
  progress: (progress: number, currentStep: string, estimatedSeconds?: number) => Promise<void>;
  /** Streams article text to the writer (batched into draft.delta events). */
  delta: (text: string) => void;
  /** Where an earlier attempt of this run stopped (write_draft: the sections it completed), if anywhere. */
  resume?: DraftCheckpoint | null;
  /** Records how far the run got, so that a later attempt can resume from there. */
  checkpoint?: (state: DraftCheckpoint) => void;
}

/** A draft's completed sections: `text` is the Markdown of the first `sections` outline sections. */
export interface DraftCheckpoint {
  text: string;
  sections: number;
}

export interface AgentOutput<Slice> {
  result: Record<string, unknown>;
  /** The new value of the stage's own slice of stageData (the other stages' slices are kept). */
  stageData?: Slice;
  /** A new article text: stored as a revision whose source is this stage and model. */
  article?: { content: string; title?: string; note: string };
  /** A platform variant to store beside the article (apply_style), in the run's result transaction. */
  variant?: Omit<NewVariant, "articleId" | "model">;
  events: { type: EventType; data: Record<string, unknown> }[];
  currentStep: string;
}
