import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CallContext } from "@/lib/ai/call";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/genflow/actions/define";

const call: CallContext = { stage: "writing", signal: new AbortController().signal, beforeCall: () => {}, onUsage: () => {} };

function stored(parameters: unknown, stageData: unknown) {
  return {
    stage: "writing" as const,
    language: "en" as const,
    parameters,
    stageData,
    context: { bannedTerms: ["synergy"], integratorKey: 1 },
    article: { id: "a", title: "T", content: "", version: 1 },
    call,
    progress: async () => {},
    delta: () => {},
  };
}

describe("defineAction", () => {
  const seen: unknown[] = [];
  const action = defineAction({
    name: "test_draft",
    stage: "writing",
    type: "primary",
    label: { en: "Test", zh: "测试" },
    usesModel: true,
    parameters: z.object({ targetLength: z.number().int().default(1500) }),
    run: async (input) => {
      seen.push({ parameters: input.parameters, feedback: input.feedback, context: input.context, outline: input.stageData.research?.outline });
      return { result: {}, stageData: { targetLength: input.parameters.targetLength }, events: [], currentStep: "done" };
    },
  });

  it("gives run the parsed parameters, stageData, context and feedback, and replaces only its stage's slice", async () => {
    const outline = [{ id: "s1", title: "Intro", points: [] }];
    const output = await action.execute(stored({ feedback: "shorter" }, { research: { outline }, writing: { length: 10, extra: true } }));
    expect(seen.at(-1)).toEqual({ parameters: { targetLength: 1500 }, feedback: "shorter", context: { bannedTerms: ["synergy"], integratorKey: 1 }, outline });
    expect(output.stageData).toEqual({ research: { outline }, writing: { targetLength: 1500 } });
  });

  it("refuses stored parameters its schema rejects, naming the field", async () => {
    const error = await action.execute(stored({ targetLength: "long" }, {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "validation_failed", details: [{ field: "parameters.targetLength" }] });
  });
});
