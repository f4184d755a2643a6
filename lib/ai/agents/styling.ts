// Styling stage: apply_style rewrites the article for a preset and a platform into a new platform variant
// beside the article (the article is left as it is), then checks the platform's length and format rules.
import "server-only";
import { randomUUID } from "node:crypto";
import { getTranslator } from "@/lib/i18n";
import type { AgentInput, AgentOutput } from "@/lib/ai/agents/types";
import { streamProse } from "@/lib/ai/call";
import { checkPlatformRules, PLATFORM_RULES, PRESET_GUIDES } from "@/lib/ai/platforms";
import { INSTRUCTIONS, stylePrompt, tokensForLength } from "@/lib/ai/prompts/stages";
import { countLength } from "@/lib/genflow/checks/length";
import { AppError } from "@/lib/errors";
import type { Platform, StylePreset } from "@/lib/genflow/action-options";
import type { StageSlice } from "@/lib/genflow/stage-data";

export async function applyStyle(input: AgentInput<{ preset: StylePreset; platform: Platform }>): Promise<AgentOutput<StageSlice<"styling">>> {
  const t = getTranslator(input.language);
  const p = input.parameters;
  const before = input.article.content;
  if (!before.trim()) throw new AppError("wrong_stage", "There is no article text to style yet");
  const rule = PLATFORM_RULES[p.platform];
  const currentLength = countLength(before, input.language);
  const max = rule.maxLength[input.language];
  const target = max ? Math.min(currentLength, Math.round(max * 0.9)) : currentLength;
  await input.progress(10, t("agentSteps.applyingStyle"), Math.round(target / 30));
  const after = await streamProse({
    ctx: input.call,
    instructions: INSTRUCTIONS.styling,
    prompt: stylePrompt({
      text: before,
      preset: `${p.preset} (${PRESET_GUIDES[p.preset]})`,
      platform: rule.label,
      rules: rule.rules,
      language: input.language,
      target,
    }),
    onDelta: input.delta,
    expectedOutputTokens: tokensForLength(target, input.language),
  });
  const checks = checkPlatformRules({ text: after, platform: p.platform, language: input.language });
  // Made here so that the result, the stageData and the event can name it; stored with the run's result.
  const variantId = `var_${randomUUID().replaceAll("-", "")}`;
  const styling = { preset: p.preset, platform: p.platform, beforeVersion: input.article.version, checks, variantId };
  return {
    result: { variantId, preset: p.preset, platform: p.platform, checks },
    stageData: styling,
    variant: {
      id: variantId,
      platform: p.platform,
      preset: p.preset,
      title: input.article.title,
      content: after,
      sourceVersion: input.article.version,
      checks,
    },
    events: [{ type: "style.applied", data: { variantId, preset: p.preset, platform: p.platform, checks } }],
    currentStep: t("agentSteps.styleApplied"),
  };
}
