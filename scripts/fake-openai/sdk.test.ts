// Drives the fake through the real @ai-sdk/openai provider over HTTP, for both OpenAI APIs.
import { createOpenAI } from "@ai-sdk/openai";
import { APICallError, generateText, type LanguageModel, Output, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { countWords } from "./content";
import { type FakeOpenAI, startFakeOpenAI } from "./server";

let fake: FakeOpenAI;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  openai = createOpenAI({ baseURL: fake.url, apiKey: "test-key" });
});
afterAll(() => fake.stop());

const plan = z.object({
  title: z.string().min(3),
  audience: z.enum(["beginner", "intermediate", "expert"]),
  sections: z
    .array(z.object({ heading: z.string(), keyPoints: z.array(z.string().min(2)).min(2).max(4) }))
    .min(3)
    .max(8),
});
const sources = z.object({
  sources: z
    .array(z.object({ title: z.string(), url: z.url(), relevance: z.number().min(0).max(1) }))
    .min(1)
    .max(10),
});
const seo = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  metaDescription: z.string().max(160),
  keywords: z.array(z.string()).max(5),
  readingMinutes: z.number().int().positive(),
  canonical: z.url().nullable(),
});

const outline = ["Why espresso at home", "Choosing a grinder", "Dialing in a shot"];
const prose = (target: number) =>
  [
    "Topic: Making espresso at home",
    `Target words: ${target}`,
    ...outline.map((h) => `## ${h}`),
    "[1] Espresso basics — https://example.org/1",
    "[2] Grinder guide — https://example.org/2",
  ].join("\n");

async function readAll(result: { textStream: AsyncIterable<string> }): Promise<string> {
  let text = "";
  for await (const delta of result.textStream) text += delta;
  return text;
}

const apis: [string, () => LanguageModel][] = [
  ["responses", () => openai("gpt-4o-mini")],
  ["chat", () => openai.chat("gpt-4o-mini")],
];

describe.each(apis)("%s API via @ai-sdk/openai", (api, model) => {
  it("generateText + Output.object returns schema-valid objects that honour counts", async () => {
    const a = await generateText({ model: model(), output: Output.object({ schema: plan }), prompt: "Topic: Home espresso\nSections count: 5" });
    expect(plan.parse(a.output).sections).toHaveLength(5);
    expect(JSON.stringify(a.output)).toMatch(/espresso/i);

    const b = await generateText({ model: model(), output: Output.object({ schema: sources }), prompt: "Find sources on espresso.\nCount: 6" });
    expect(b.output.sources).toHaveLength(6);
    for (const s of b.output.sources) expect(new URL(s.url).hostname).toBe("example.com");

    const c = await generateText({
      model: model(),
      output: Output.object({ schema: seo }),
      instructions: "You write SEO metadata.",
      prompt: "Topic: Latte art",
    });
    expect(seo.safeParse(c.output).success).toBe(true);

    const d = await generateText({
      model: model(),
      output: Output.array({ element: z.object({ q: z.string(), a: z.string() }) }),
      prompt: "FAQ about espresso\nCount: 4",
    });
    expect(d.output).toHaveLength(4);
    expect(a.usage.inputTokens).toBeGreaterThan(0);
    expect(a.usage.outputTokens).toBeGreaterThan(0);
  });

  it("streamText + Output.object streams a valid object", async () => {
    const result = streamText({ model: model(), output: Output.object({ schema: plan }), prompt: "Topic: Cold brew\nSections count: 4" });
    await result.consumeStream();
    expect((await result.output).sections).toHaveLength(4);
    expect(await result.finishReason).toBe("stop");
  });

  it("streamText prose keeps the outline, cites existing sources and hits the target length", async () => {
    const before = fake.stats();
    const result = streamText({ model: model(), instructions: "You are a helpful writer.", prompt: prose(600) });
    const text = await readAll(result);
    expect([...text.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(outline);
    const cited = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(new Set(cited)).toEqual(new Set([1, 2]));
    expect(Math.abs(countWords(text, "en") - 600) / 600).toBeLessThanOrEqual(0.1);

    const usage = await result.usage;
    expect(usage.outputTokens).toBeGreaterThan(600); // ~4 characters per token
    expect(usage.inputTokens).toBeGreaterThan(20);
    expect(usage.totalTokens).toBe((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
    expect(await result.finishReason).toBe("stop");
    const after = fake.stats();
    expect(after.completionTokens - before.completionTokens).toBe(usage.outputTokens);
    expect(after.promptTokens - before.promptTokens).toBe(usage.inputTokens);
    expect(after.calls[api === "chat" ? "chatCompletions" : "responses"]).toBe(before.calls[api === "chat" ? "chatCompletions" : "responses"] + 1);
  });

  it("writes Chinese prose counted in characters", async () => {
    const prompt = "主题：手冲咖啡入门\nLanguage: zh\nTarget characters: 700\n## 器具选择\n## 冲煮步骤\n[1] 咖啡手册";
    const text = await readAll(streamText({ model: model(), prompt }));
    expect(Math.abs(countWords(text, "zh") - 700) / 700).toBeLessThanOrEqual(0.1);
    expect(text).toContain("## 冲煮步骤");
    expect(text).toContain("[1]");
  });

  it("answers the same prompt identically, streamed or not", async () => {
    const streamed = await readAll(streamText({ model: model(), prompt: prose(200) }));
    const whole = await generateText({ model: model(), prompt: prose(200) });
    expect(whole.text).toBe(streamed);
  });

  it("rejects strict schemas OpenAI rejects (optional fields) with a 400", async () => {
    const loose = z.object({ title: z.string(), subtitle: z.string().optional() });
    const error = await generateText({ model: model(), output: Output.object({ schema: loose }), prompt: "x", maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error) && error.statusCode).toBe(400);
    expect((error as Error).message).toMatch(/Missing 'subtitle'/);
    // The SDK's escape hatch: strictJsonSchema: false sends strict: false, which OpenAI accepts.
    const ok = await generateText({
      model: model(),
      output: Output.object({ schema: loose }),
      prompt: "x",
      providerOptions: { openai: { strictJsonSchema: false } },
    });
    expect(loose.safeParse(ok.output).success).toBe(true);
  });
});

describe("GET /v1/models", () => {
  it("lists models", async () => {
    const body = (await (await fetch(`${fake.url}/models`)).json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toContain("fake-model");
  });
});
