// The one state machine behind both the editor and the REST API: which actions a session may run,
// and where `approve` / `go_to_stage` lead. Nothing else decides a session's stage or status.
import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { type Action, type ActionName, STAGE_ACTIONS, errorActionsAt, findAction } from "@/lib/genflow/actions";
import { parseParameters } from "@/lib/genflow/actions/define";
import { type Locale, STAGES, type Stage, type Status } from "@/lib/genflow/stages";

export { assertCanGoBack, getApproveTarget } from "@/lib/genflow/stage-moves";

export interface AvailableAction {
  id: string;
  text: string;
  action: ActionName;
  type: "primary" | "secondary";
}

function toAvailable(definition: Action, locale: Locale): AvailableAction {
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
  if (status === "error") return errorActionsAt(stage).map((d) => toAvailable(d, locale));
  return STAGE_ACTIONS[stage].map((definition) => toAvailable(definition, locale));
}

/**
 * Resolves an action request against the session's state. An action that exists nowhere is a 422 that lists
 * what is available; one that exists in another stage, or any action while busy, is a 409.
 */
export function resolveAction({ stage, status, action }: { stage: Stage; status: Status; action: string }): Action {
  if (status === "expired") throw new AppError("session_expired", "This session has expired; start a new one for the article");
  const available = STAGE_ACTIONS[stage];
  if (!findAction(action)) {
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

/** Validates an action's parameters (422 naming each field) without running it. */
export function parseActionParameters(action: string, parameters: unknown): unknown {
  const definition = findAction(action);
  if (!definition) throw new AppError("unknown_action", `Unknown action "${action}"`);
  return parseParameters<z.ZodType>(definition, parameters);
}
