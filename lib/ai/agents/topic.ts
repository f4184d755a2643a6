// Topic stage: discover_topics → a list of topics with angle, why-now, keywords and expected interest.
import "server-only";
import type { Agent } from "@/lib/ai/agents/types";
import { generateStructured } from "@/lib/ai/call";
import { INSTRUCTIONS, topicPrompt } from "@/lib/ai/prompts/stages";
import { topicsOutput } from "@/lib/ai/schemas";

export const discoverTopics: Agent = async (input) => {
  const p = input.parameters as { category: string; count: number; audience?: string; keywords?: string[] };
  await input.progress(10, input.language === "zh" ? "正在分析热门趋势" : "Analysing trends", 8);
  const output = await generateStructured({
    ctx: input.call,
    schema: topicsOutput,
    instructions: INSTRUCTIONS.topic,
    prompt: topicPrompt({ ...p, language: input.language, feedback: input.feedback }),
  });
  const topics = output.topics.slice(0, p.count).map((topic, index) => ({ id: `t${index + 1}`, ...topic }));
  return {
    result: { topics },
    stageData: { ...input.stageData, topic: { ...input.stageData.topic, topics, request: p } },
    events: [{ type: "topics.discovered", data: { topics } }],
    currentStep: input.language === "zh" ? "话题发现完成" : "Topics discovered",
  };
};
