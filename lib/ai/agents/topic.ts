// Topic stage: discover_topics → a list of topics with angle, why-now, keywords and expected interest.
import "server-only";
import { getTranslator } from "@/lib/i18n";
import type { AgentInput, AgentOutput } from "@/lib/ai/agents/types";
import { generateStructured } from "@/lib/ai/call";
import { INSTRUCTIONS, topicPrompt } from "@/lib/ai/prompts/stages";
import { topicsOutput } from "@/lib/ai/schemas";
import type { StageSlice } from "@/lib/genflow/stage-data";

interface DiscoverTopicsParameters {
  category: string;
  count: number;
  audience?: string;
  keywords?: string[];
}

export async function discoverTopics(input: AgentInput<DiscoverTopicsParameters>): Promise<AgentOutput<StageSlice<"topic">>> {
  const t = getTranslator(input.language);
  const p = input.parameters;
  await input.progress(10, t("agentSteps.analysingTrends"), 8);
  const output = await generateStructured({
    ctx: input.call,
    schema: topicsOutput,
    instructions: INSTRUCTIONS.topic,
    prompt: topicPrompt({ ...p, language: input.language, feedback: input.feedback }),
  });
  const topics = output.topics.slice(0, p.count).map((topic, index) => ({ id: `t${index + 1}`, ...topic }));
  return {
    result: { topics },
    stageData: { ...input.stageData.topic, topics, request: p },
    events: [{ type: "topics.discovered", data: { topics } }],
    currentStep: t("agentSteps.topicsDiscovered"),
  };
}
