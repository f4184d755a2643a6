import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ACTION_NAMES, STAGE_ACTIONS } from "@/lib/genflow/actions";
import { Language, RunStatus, SessionStatus, Stage } from "@/lib/generated/prisma/enums";
import { LOCALES, RUN_STATUSES, STAGES, STATUSES, getCapabilities } from "@/lib/genflow/stages";
import { assertCanGoBack, getApproveTarget, getAvailableActions, parseActionParameters, resolveAction } from "@/lib/genflow/state-machine";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : "not-an-app-error";
  }
  return undefined;
}

describe("state machine", () => {
  it("speaks the database's enums, in the pipeline's order", () => {
    expect(STAGES).toEqual(Object.values(Stage));
    expect(STATUSES).toEqual([...Object.values(SessionStatus), "expired"]);
    expect(RUN_STATUSES).toEqual(Object.values(RunStatus));
    expect(LOCALES).toEqual(Object.values(Language));
  });

  it("offers each stage's actions while idle, localized, with the seed's research button id", () => {
    const research = getAvailableActions({ stage: "research", status: "idle", locale: "zh" });
    expect(research[0]).toEqual({ id: "start_research", text: "开始深入研究", action: "research_topic", type: "primary" });
    expect(getAvailableActions({ stage: "topic", status: "idle" }).map((a) => a.action)).toEqual(["discover_topics", "select_topic", "approve"]);
    // In error: retry and go back (nothing to go back to from the first stage), not the stage's whole list.
    expect(getAvailableActions({ stage: "publish", status: "error" }).map((a) => a.action)).toEqual(["retry", "go_to_stage"]);
    expect(getAvailableActions({ stage: "topic", status: "error" }).map((a) => a.action)).toEqual(["retry"]);
  });

  it("offers nothing while processing or expired (seed rule)", () => {
    for (const stage of STAGES) {
      expect(getAvailableActions({ stage, status: "processing" })).toEqual([]);
      expect(getAvailableActions({ stage, status: "expired" })).toEqual([]);
    }
  });

  it("holds every action of the design in some stage", () => {
    const offered = new Set([...STAGES.flatMap((s) => STAGE_ACTIONS[s].map((a) => a.name)), "retry"]);
    expect([...offered].sort()).toEqual([...ACTION_NAMES].sort());
  });

  it("gives the seed's capabilities per stage", () => {
    expect(getCapabilities("topic")).toEqual(["suggestions"]);
    expect(getCapabilities("research")).toEqual(["suggestions", "autoComplete"]);
    expect(getCapabilities("writing")).toEqual(["suggestions", "autoComplete", "grammarCheck"]);
    expect(getCapabilities("review")).toEqual(["suggestions", "grammarCheck"]);
  });

  it("answers unknown (422 with the list), wrong stage (409), busy (409) and expired (410)", () => {
    expect(codeOf(() => resolveAction({ stage: "topic", status: "idle", action: "fly" }))).toBe("unknown_action");
    expect(codeOf(() => resolveAction({ stage: "topic", status: "idle", action: "write_draft" }))).toBe("wrong_stage");
    expect(codeOf(() => resolveAction({ stage: "topic", status: "processing", action: "discover_topics" }))).toBe("session_busy");
    expect(codeOf(() => resolveAction({ stage: "topic", status: "expired", action: "discover_topics" }))).toBe("session_expired");
    try {
      resolveAction({ stage: "writing", status: "idle", action: "fly" });
    } catch (error) {
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).details).toEqual({ availableActions: ["write_draft", "revise_draft", "approve", "go_to_stage"] });
    }
    expect(resolveAction({ stage: "review", status: "error", action: "review_article" }).name).toBe("review_article");
  });

  it("moves forward with approve and only back with go_to_stage", () => {
    expect(getApproveTarget("topic")).toBe("research");
    expect(getApproveTarget("review")).toBe("publish");
    expect(codeOf(() => getApproveTarget("publish"))).toBe("wrong_stage");
    expect(codeOf(() => assertCanGoBack({ from: "writing", to: "research" }))).toBeUndefined();
    expect(codeOf(() => assertCanGoBack({ from: "writing", to: "writing" }))).toBe("wrong_stage");
    expect(codeOf(() => assertCanGoBack({ from: "writing", to: "review" }))).toBe("wrong_stage");
  });

  it("validates parameters, naming the field, and applies defaults", () => {
    expect(parseActionParameters("discover_topics", { category: "AI" })).toEqual({ category: "AI", count: 5 });
    expect(parseActionParameters("discover_topics", {})).toEqual({ count: 5 });
    try {
      parseActionParameters("discover_topics", { category: "AI", count: 11 });
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe("validation_failed");
      expect((error as AppError).details).toEqual([expect.objectContaining({ field: "parameters.count" })]);
    }
    expect(codeOf(() => parseActionParameters("apply_style", { preset: "formal", platform: "myspace" }))).toBe("validation_failed");
  });
});
