// `defineAction`: one action — its stage(s), button, parameters schema and what it runs. The parameters'
// zod schema is the type `run` receives (as the AI SDK's `tool({ inputSchema, execute })`).
import "server-only";
import { z } from "zod";
import type { AgentInput, AgentOutput } from "@/lib/ai/agents/types";
import type { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Emit } from "@/lib/genflow/event-types";
import { readSessionContext } from "@/lib/genflow/session-context";
import { readStageData, type StageData, type StageSlice } from "@/lib/genflow/stage-data";
import type { Locale, Stage } from "@/lib/genflow/stages";

export type ActionType = "primary" | "secondary";

/** What an action without a model returns; it ran inside the claiming transaction. */
export interface ActionOutcome {
  result: Record<string, unknown>;
  progress?: number;
  currentStep?: string;
}

/** A state action's input: the claiming transaction, the session and its parsed parameters and stageData. */
export interface StateActionInput<Parameters> {
  tx: Prisma.TransactionClient;
  emit: Emit;
  session: { id: string; articleId: string; stage: Stage };
  stageData: StageData;
  parameters: Parameters;
}

interface ActionBase<Name extends string, S extends Stage, Schema extends z.ZodType> {
  name: Name;
  /** The stage offering it, or the stages (approve, go_to_stage). */
  stage: S | readonly S[];
  /** Button id when it differs from the name: the seed calls research's primary button `start_research`. */
  buttonId?: string;
  type: ActionType;
  label: Record<Locale, string>;
  parameters: Schema;
  /** Offered only while the session is in `error` (retry), not among the stage's buttons. */
  onlyInError?: true;
  /** Defaults that depend on the session, merged under the request's parameters before they are parsed
   * (and stored with the run): discover_topics' category follows the session's language. */
  sessionDefaults?: (session: { language: Locale }) => Record<string, unknown>;
}

export interface ModelAction<Name extends string = string, S extends Stage = Stage, Schema extends z.ZodType = z.ZodType> extends ActionBase<Name, S, Schema> {
  /** Runs a model: needs a configured provider and counts against the token budget. */
  usesModel: true;
  stage: S;
  run: (input: AgentInput<z.output<Schema>>) => Promise<AgentOutput<StageSlice<S>>>;
  /** Refuses a request the run would refuse anyway (a 4xx at once, instead of a failed run): checked before
   * the run is queued, against the article as it is then. The run checks again when it starts. */
  precheck?: (input: PrecheckInput<z.output<Schema>>) => Promise<void>;
}

export interface PrecheckInput<Parameters> {
  parameters: Parameters;
  stageData: StageData;
  article: { id: string; content: string };
}

export interface StateAction<Name extends string = string, S extends Stage = Stage, Schema extends z.ZodType = z.ZodType> extends ActionBase<Name, S, Schema> {
  usesModel: false;
  run: (input: StateActionInput<z.output<Schema>>) => Promise<ActionOutcome>;
}

/** What the run engine hands a model action: parameters, stageData and context as stored (parsed here). */
export interface StoredAgentInput extends Omit<AgentInput<unknown>, "parameters" | "stageData" | "context" | "feedback"> {
  parameters: unknown;
  stageData: unknown;
  context: unknown;
}

/** What the claiming transaction hands a state action: the session row and the raw parameters. */
export interface StoredStateInput extends Omit<StateActionInput<unknown>, "stageData" | "parameters"> {
  session: StateActionInput<unknown>["session"] & { stageData: unknown };
  parameters: unknown;
}

export type DefinedModelAction<Name extends string, S extends Stage, Schema extends z.ZodType> = ModelAction<Name, S, Schema> & {
  /** Parses what is stored, runs, and returns the whole new stageData (the stage's slice replaced). */
  execute: (input: StoredAgentInput) => Promise<AgentOutput<StageData>>;
  /** The action's precheck over parameters and stageData as stored (a no-op without one). */
  check: (input: { parameters: unknown; stageData: unknown; article: { id: string; content: string } }) => Promise<void>;
};

export type DefinedStateAction<Name extends string, S extends Stage, Schema extends z.ZodType> = StateAction<Name, S, Schema> & {
  execute: (input: StoredStateInput) => Promise<ActionOutcome>;
};

/** Parses an action's parameters; a failure is a 422 naming each field as `parameters.<path>`. */
export function parseParameters<Schema extends z.ZodType>(action: { name: string; parameters: Schema }, value: unknown): z.output<Schema> {
  const result = action.parameters.safeParse(value ?? {});
  if (!result.success) {
    throw new AppError("validation_failed", `Invalid parameters for ${action.name}`, {
      details: result.error.issues.map((i) => ({ field: ["parameters", ...i.path.map(String)].join("."), message: i.message })),
    });
  }
  return result.data;
}

// `feedback` rides along with a rerun's stored parameters (POST /feedback); the action's schema drops it.
const withFeedback = z.object({ feedback: z.string().optional() });

export function defineAction<const Name extends string, S extends Stage, Schema extends z.ZodType>(
  action: ModelAction<Name, S, Schema>,
): DefinedModelAction<Name, S, Schema>;
export function defineAction<const Name extends string, S extends Stage, Schema extends z.ZodType>(
  action: StateAction<Name, S, Schema>,
): DefinedStateAction<Name, S, Schema>;
export function defineAction(action: ModelAction | StateAction) {
  if (action.usesModel) {
    const execute = async ({ parameters, stageData, context, ...rest }: StoredAgentInput): Promise<AgentOutput<StageData>> => {
      const data = readStageData(stageData);
      const feedback = withFeedback.safeParse(parameters);
      const output = await action.run({
        ...rest,
        parameters: parseParameters(action, parameters),
        stageData: data,
        context: readSessionContext(context),
        feedback: feedback.success ? feedback.data.feedback : undefined,
      });
      return { ...output, stageData: output.stageData ? { ...data, [action.stage]: output.stageData } : undefined };
    };
    const check = async ({ parameters, stageData, article }: { parameters: unknown; stageData: unknown; article: { id: string; content: string } }) => {
      await action.precheck?.({ parameters: parseParameters(action, parameters), stageData: readStageData(stageData), article });
    };
    return { ...action, execute, check };
  }
  const execute = ({ session, parameters, ...rest }: StoredStateInput) =>
    action.run({ ...rest, session, stageData: readStageData(session.stageData), parameters: parseParameters(action, parameters) });
  return { ...action, execute };
}
