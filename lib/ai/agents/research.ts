// Research stage: gathers sources (writer URLs fetched server-side with SSRF protection, pasted text, a
// web-search provider when configured), then asks for a summary, source-linked key points and an outline.
import "server-only";
import { getTranslator } from "@/lib/i18n";
import { randomUUID } from "node:crypto";
import type { AgentInput, AgentOutput } from "@/lib/ai/agents/types";
import { generateStructured } from "@/lib/ai/call";
import { INSTRUCTIONS, researchPrompt } from "@/lib/ai/prompts/stages";
import { researchOutput } from "@/lib/ai/schemas";
import { webSearch } from "@/lib/ai/tools/web-search";
import { FetchSourceError, fetchSource } from "@/lib/ai/tools/fetch-source";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { mergeOutline } from "@/lib/genflow/outline-merge";
import type { Source, StageSlice } from "@/lib/genflow/stage-data";

type SourceInput = { url: string } | { title?: string; text: string };

interface ResearchParameters {
  depth: string;
  sources?: SourceInput[];
}

async function gatherSources(inputs: SourceInput[], topic: string): Promise<Source[]> {
  const gathered: Omit<Source, "id" | "number">[] = [];
  for (const item of inputs) {
    if ("url" in item) {
      try {
        const page = await fetchSource({ url: item.url, allowPrivateHosts: env.FETCH_ALLOW_PRIVATE_HOSTS });
        gathered.push({ title: page.title || item.url, url: page.url, excerpt: page.excerpt, origin: "writer-url", verified: true });
      } catch (error) {
        if (error instanceof FetchSourceError)
          throw new AppError("validation_failed", error.message, { details: [{ field: "parameters.sources", message: error.code }] });
        throw error;
      }
    } else {
      gathered.push({ title: item.title ?? item.text.slice(0, 60), excerpt: item.text.slice(0, 1500), origin: "writer-text", verified: true });
    }
  }
  if (gathered.length === 0) {
    for (const hit of await webSearch({ query: topic, limit: 5 })) gathered.push({ ...hit, origin: "search", verified: true });
  }
  return gathered.map((s, i) => ({ ...s, id: `s${i + 1}`, number: i + 1 }));
}

export async function researchTopic(input: AgentInput<ResearchParameters>): Promise<AgentOutput<StageSlice<"research">>> {
  const p = input.parameters;
  const selected = input.stageData.topic?.selected;
  const topic = selected?.title ?? input.article.title;
  const t = getTranslator(input.language);
  await input.progress(10, t("agentSteps.gatheringSources"), 20);
  const sources = await gatherSources(p.sources ?? [], topic);
  await input.progress(35, t("agentSteps.analysingSources"), 15);
  const output = await generateStructured({
    ctx: input.call,
    schema: researchOutput,
    instructions: INSTRUCTIONS.research,
    prompt: researchPrompt({ topic, angle: selected?.angle, depth: p.depth, sources, language: input.language, feedback: input.feedback }),
  });
  // Without any source of our own, the model's suggestions become the list — marked as unverified.
  const allSources: Source[] =
    sources.length > 0
      ? sources
      : output.suggestedSources.map((s, i) => ({
          id: `s${i + 1}`,
          number: i + 1,
          title: s.title,
          url: s.url,
          excerpt: s.excerpt,
          origin: "model",
          verified: false,
        }));
  const byNumber = new Map(allSources.map((s) => [s.number, s.id]));
  const keyPoints = output.keyPoints.map((k, i) => ({
    id: `k${i + 1}`,
    text: k.text,
    sourceIds: k.sourceNumbers.map((n) => byNumber.get(n)).filter((id): id is string => Boolean(id)),
  }));
  // The writer's sections (added or edited) survive a re-run in their place; the AI's are refreshed.
  const outline = mergeOutline({
    previous: input.stageData.research?.outline ?? [],
    fresh: output.outline.map((section) => ({ id: `sec-${randomUUID().slice(0, 8)}`, ...section })),
  });
  const research = { summary: output.summary, keyPoints, sources: allSources, outline, depth: p.depth };
  return {
    result: { summary: output.summary, keyPoints: keyPoints.length, sources: allSources.length, sections: outline.length },
    stageData: research,
    // The full result can pass Pusher's 10 KB limit: the event says what changed and where to fetch it.
    events: [
      { type: "research.completed", data: { keyPoints: keyPoints.length, sources: allSources.length, sections: outline.length, fetch: "stageData.research" } },
    ],
    currentStep: t("agentSteps.researchComplete"),
  };
}
