// The one state machine behind both the editor and the REST API: which actions a session may run,
// and where `approve` / `go_to_stage` lead. Nothing else decides a session's stage or status.
import { AppError } from "@/lib/errors";
import { ACTION_NAMES, type ActionDefinition, type ActionName, GO_BACK_ACTION, RETRY_ACTION, STAGE_ACTIONS, actionParameterSchemas } from "@/lib/genflow/actions";
import { type Locale, STAGES, type Stage, type Status, nextStage, stageIndex } from "@/lib/genflow/stages";

export interface AvailableAction {
  id: string;
  text: string;
  action: ActionName;
  type: "primary" | "secondary";
}

function toAvailable(definition: ActionDefinition, locale: Locale): AvailableAction {
  return {
    id: definition.buttonId ?? definition.name,
    text: definition.label[locale],
    action: definition.name,
    type: definition.type,
  };
}

/** Seed rule: nothing may be started while a run is processing or once the session expired. */
export function getAvailableActions({ stage, status, locale = "en" }: { stage: Stage; status: Status; locale?: Locale }): AvailableAction[] {
  if (status === "processing" || status === "expired") return [];
  // After a failed run the writer is offered the way forward (retry) and the way back, not the whole list.
  if (status === "error") return [RETRY_ACTION, ...(stageIndex(stage) > 0 ? [GO_BACK_ACTION] : [])].map((d) => toAvailable(d, locale));
  return STAGE_ACTIONS[stage].map((definition) => toAvailable(definition, locale));
}

/**
 * Resolves an action request against the session's state. An action that exists nowhere is a 422 that lists
 * what is available; one that exists in another stage, or any action while busy, is a 409.
 */
export function resolveAction({ stage, status, action }: { stage: Stage; status: Status; action: string }): ActionDefinition {
  if (status === "expired") throw new AppError("session_expired", "This session has expired; start a new one for the article");
  const available = STAGE_ACTIONS[stage];
  if (!ACTION_NAMES.includes(action as ActionName)) {
    throw new AppError("unknown_action", `Unknown action "${action}"`, {
      details: { availableActions: status === "processing" ? [] : available.map((a) => a.name) },
    });
  }
  if (status === "processing") {
    throw new AppError("session_busy", "Another action is still running on this session; wait for it or cancel it");
  }
  const definition = available.find((a) => a.name === action);
  if (!definition) {
    const stages = STAGES.filter((s) => STAGE_ACTIONS[s].some((a) => a.name === action));
    throw new AppError("wrong_stage", `Action "${action}" belongs to stage ${stages.join(", ")}, the session is at ${stage}`, {
      details: { stage, availableActions: available.map((a) => a.name) },
    });
  }
  return definition;
}

export function parseActionParameters<A extends ActionName>(action: A, parameters: unknown) {
  const result = actionParameterSchemas[action].safeParse(parameters ?? {});
  if (!result.success) {
    throw new AppError("validation_failed", `Invalid parameters for ${action}`, {
      details: result.error.issues.map((i) => ({ field: ["parameters", ...i.path].join("."), message: i.message })),
    });
  }
  return result.data;
}

/** Where `approve` leads: the next stage, or an error at the last one. */
export function getApproveTarget(stage: Stage): Stage {
  const next = nextStage(stage);
  if (!next) throw new AppError("wrong_stage", "The publish stage is the last one; use `complete` instead");
  return next;
}

/** `go_to_stage` only moves back (every later output is kept); forward is `approve`. */
export function assertCanGoBack({ from, to }: { from: Stage; to: Stage }): void {
  if (stageIndex(to) >= stageIndex(from)) {
    throw new AppError("wrong_stage", `go_to_stage moves back only: ${to} is not before ${from}`, {
      details: { stage: from },
    });
  }
}
