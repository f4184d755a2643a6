// Styling stage: apply_style rewrites the article for a preset and a platform, then checks the platform's
// length and format rules. The previous text stays one click away (before/after, and in the history).
import "server-only";
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
  const styling = { preset: p.preset, platform: p.platform, beforeVersion: input.article.version, checks };
  return {
    result: { preset: p.preset, platform: p.platform, checks },
    stageData: styling,
    article: { content: after, note: `style ${p.preset} for ${p.platform}` },
    events: [{ type: "style.applied", data: { preset: p.preset, platform: p.platform, checks } }],
    currentStep: t("agentSteps.styleApplied"),
  };
}
