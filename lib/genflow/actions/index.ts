// The action registry: every action of every stage, one `defineAction` each (lib/genflow/actions/<stage>.ts).
// Everything else derives from this list: the stages' buttons (STAGE_ACTIONS, in this order), the parameter
// schemas the API validates and documents, the agents the run engine dispatches to, and the client's types.
import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ActionOutcome, DefinedModelAction, StoredStateInput } from "@/lib/genflow/actions/define";
import { approve, goToStage, retry } from "@/lib/genflow/actions/navigation";
import { complete, exportArticle } from "@/lib/genflow/actions/publish";
import { researchTopic, updateOutline } from "@/lib/genflow/actions/research";
import { applyFixes, reviewArticle } from "@/lib/genflow/actions/review";
import { applyStyle } from "@/lib/genflow/actions/styling";
import { discoverTopics, selectTopic } from "@/lib/genflow/actions/topic";
import { reviseDraft, writeDraft } from "@/lib/genflow/actions/writing";
import type { Locale, Stage } from "@/lib/genflow/stages";

// Order matters: it is the order of the buttons in the editor's action bar (approve and go back come last).
export const ACTIONS = [
  discoverTopics,
  selectTopic,
  researchTopic,
  updateOutline,
  writeDraft,
  reviseDraft,
  applyStyle,
  reviewArticle,
  applyFixes,
  exportArticle,
  complete,
  approve,
  goToStage,
  retry,
] as const;

export type Action = (typeof ACTIONS)[number];
export type ActionName = Action["name"];
export type ActionByName<A extends ActionName> = Extract<Action, { name: A }>;
/** Parameters as `run` receives them (defaults applied). */
export type ActionParameters<A extends ActionName> = z.output<ActionByName<A>["parameters"]>;
/** Parameters as a client sends them. */
export type ActionInput<A extends ActionName> = z.input<ActionByName<A>["parameters"]>;

export { DEFAULT_TOPIC_CATEGORY } from "@/lib/genflow/actions/topic";

export const ACTION_NAMES: ActionName[] = ACTIONS.map((a) => a.name);

const byName = new Map<string, Action>(ACTIONS.map((a) => [a.name, a]));

/** The action of that name, if there is one (names come from requests and stored runs). */
export function findAction(name: string): Action | undefined {
  return byName.get(name);
}

function stagesOf(action: Action): readonly Stage[] {
  return typeof action.stage === "string" ? [action.stage] : action.stage;
}

const offeredAt = (stage: Stage) => ACTIONS.filter((a) => stagesOf(a).includes(stage) && !a.onlyInError);

/** What a session in `error` at that stage is offered: the way forward (retry) and the way back, if any. */
export function errorActionsAt(stage: Stage): Action[] {
  return [retry, goToStage].filter((a) => stagesOf(a).includes(stage));
}

/** The request's parameters over the action's session-dependent defaults (see `sessionDefaults`). */
export function withSessionDefaults({ action, parameters, language }: { action: Action; parameters: Record<string, unknown>; language: Locale }) {
  return action.sessionDefaults ? { ...action.sessionDefaults({ language }), ...stripUndefined(parameters) } : parameters;
}

const stripUndefined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

export const STAGE_ACTIONS: Record<Stage, Action[]> = {
  topic: offeredAt("topic"),
  research: offeredAt("research"),
  writing: offeredAt("writing"),
  styling: offeredAt("styling"),
  review: offeredAt("review"),
  publish: offeredAt("publish"),
};

type AnyModelAction = Extract<Action, { usesModel: true }>;
const isModelAction = (a: Action): a is AnyModelAction => a.usesModel;

/** The model-backed actions' executors by name: what the run engine dispatches a stored run to. */
export const AGENTS: Partial<Record<string, DefinedModelAction<string, Stage, z.ZodType>["execute"]>> = Object.fromEntries(
  ACTIONS.filter(isModelAction).map((a) => [a.name, a.execute]),
);

/** Runs a state action inside the claiming transaction (its parameters parsed again from what is stored). */
export function executeStateAction({ action, ...input }: StoredStateInput & { action: string }): Promise<ActionOutcome> {
  const definition = findAction(action);
  if (!definition || definition.usesModel) throw new AppError("model_not_configured", `Action ${action} needs a model`);
  return definition.execute(input);
}
