// The contract between the run engine and the stage agents.
import type { CallContext } from "@/lib/ai/call";
import type { EventType } from "@/lib/genflow/events";
import type { StageData } from "@/lib/genflow/stage-data";
import type { Locale, Stage } from "@/lib/genflow/stages";

export interface AgentInput {
  stage: Stage;
  language: Locale;
  parameters: Record<string, unknown>;
  stageData: StageData;
  context: Record<string, unknown>;
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

export interface AgentOutput {
  result: Record<string, unknown>;
  stageData?: StageData;
  /** A new article text: stored as a revision whose source is this stage and model. */
  article?: { content: string; title?: string; note: string };
  events: { type: EventType; data: Record<string, unknown> }[];
  currentStep: string;
}

export type Agent = (input: AgentInput) => Promise<AgentOutput>;
