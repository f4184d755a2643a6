// The eval's harness: each brief through the whole pipeline over the REST API, as an integrator would
// (session → discover and select the topic → research with the brief's sources → draft → style → review →
// export, approving every stage), a few briefs at once; then each article scored and written to `outDir`.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { mapLimit } from "../bench/setup";
import type { Brief } from "./briefs";
import { EvalClient } from "./client";
import { createJudge, type JudgeConfig, type JudgeUsage } from "./judge";
import { type ArticleScore, extractCitations, resolveCitation, scoreArticle } from "./scoring";

export const PIPELINE_STEPS = [
  "create_session",
  "discover_topics",
  "select_topic",
  "research_topic",
  "write_draft",
  "apply_style",
  "review_article",
  "export_article",
] as const;
export type Step = (typeof PIPELINE_STEPS)[number];

export interface Usage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface BriefResult {
  brief: Pick<Brief, "id" | "language" | "targetLength" | "style">;
  /** Steps that succeeded, in order; the last step of a complete run is export_article. */
  reached: Step[];
  error: string | null;
  sessionId: string | null;
  models: string[];
  wallMs: number;
  /** The pipeline's model usage, summed from the action.completed events of the session. */
  usage: Usage;
  score: ArticleScore | null;
  /** With --judge: share of resolved citations whose source supports the sentence (null: nothing to judge). */
  supportedShare: number | null;
  judgeUsage: JudgeUsage | null;
  articleChars: number;
}

export interface EvalOptions {
  baseUrl: string;
  token: string;
  briefs: Brief[];
  outDir: string;
  concurrency?: number;
  judge?: JudgeConfig | null;
  pollMs?: number;
  log?: (line: string) => void;
}

const createdSessionSchema = z.object({ sessionId: z.string() });
const sessionViewSchema = z.object({
  articleId: z.string(),
  stageData: z.object({
    research: z
      .object({
        outline: z.array(z.object({ title: z.string() })).default([]),
        sources: z.array(z.object({ number: z.number(), title: z.string(), origin: z.string().optional() })).default([]),
      })
      .optional(),
    review: z.unknown().optional(),
  }),
});
const eventsSchema = z.object({
  events: z.array(z.object({ type: z.string(), data: z.record(z.string(), z.unknown()), metadata: z.object({ seq: z.number() }) })),
  lastSeq: z.number(),
});
const completedUsageSchema = z.object({
  usage: z.object({ calls: z.number().default(0), inputTokens: z.number().default(0), outputTokens: z.number().default(0), costUsd: z.number().default(0) }),
});
const articleSchema = z.object({ content: z.string() });

async function readUsage(client: EvalClient, sessionId: string): Promise<Usage> {
  const usage: Usage = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  let after = 0;
  for (let page = 0; page < 100; page++) {
    const { events, lastSeq } = await client.request(eventsSchema, "GET", `/api/genflow/sessions/${sessionId}/events?after=${after}&limit=1000`);
    for (const event of events) {
      const completed = event.type === "action.completed" ? completedUsageSchema.safeParse(event.data) : null;
      if (!completed?.success) continue; // state actions (approve, export) complete without usage
      for (const key of ["calls", "inputTokens", "outputTokens", "costUsd"] as const) usage[key] += completed.data.usage[key];
    }
    after = events.at(-1)?.metadata.seq ?? lastSeq;
    if (events.length === 0 || after >= lastSeq) break;
  }
  return usage;
}

async function runBrief(brief: Brief, options: EvalOptions): Promise<BriefResult> {
  const client = new EvalClient({ baseUrl: options.baseUrl, token: options.token, pollMs: options.pollMs });
  const reached: Step[] = [];
  const models = new Set<string>();
  const result: BriefResult = {
    brief: { id: brief.id, language: brief.language, targetLength: brief.targetLength, style: brief.style },
    reached,
    error: null,
    sessionId: null,
    models: [],
    wallMs: 0,
    usage: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    score: null,
    supportedShare: null,
    judgeUsage: null,
    articleChars: 0,
  };
  const dir = join(options.outDir, brief.id);
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  try {
    const { sessionId } = await client.request(createdSessionSchema, "POST", "/api/genflow/sessions", {
      title: brief.topic,
      language: brief.language,
      context: { bannedTerms: brief.bannedTerms },
    });
    result.sessionId = sessionId;
    reached.push("create_session");
    const step = async (name: Step, parameters: Record<string, unknown> = {}, stage?: string) => {
      const run = await client.run(sessionId, name, parameters);
      if (run.model) models.add(run.model);
      if (stage) await client.run(sessionId, "approve", { stage });
      reached.push(name);
      options.log?.(`  ${brief.id}: ${name} done`);
      return run;
    };
    await step("discover_topics", { category: brief.topic.slice(0, 200), audience: brief.audience, count: 3 });
    // The brief fixes the topic: it is chosen by title, so every model writes about the same thing.
    await step("select_topic", { title: brief.topic, angle: brief.angle }, "topic");
    await step("research_topic", { sources: brief.sources.map((s) => ({ title: s.title, text: s.text })) }, "research");
    await step("write_draft", { targetLength: brief.targetLength }, "writing");
    await step("apply_style", { preset: brief.style.preset, platform: brief.style.platform }, "styling");
    await step("review_article", {}, "review");
    await step("export_article", { format: "md" });
  } catch (error) {
    // fetch's own "fetch failed" says nothing: its cause (ECONNREFUSED, a certificate…) does.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    result.error = error instanceof Error ? `${error.message}${cause}` : String(error);
    options.log?.(`  ${brief.id}: FAILED after ${reached.at(-1) ?? "nothing"}: ${result.error}`);
  }
  result.wallMs = performance.now() - started;
  result.models = [...models];
  if (result.sessionId) {
    try {
      await scoreRun({ brief, client, result, sessionId: result.sessionId, dir, judge: options.judge ?? null });
    } catch (error) {
      // Scoring failed (the server went away, the judge's endpoint refused): the brief fails, the others go on.
      result.error = `${result.error ? `${result.error}; ` : ""}scoring: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  await writeFile(join(dir, "result.json"), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

async function scoreRun({
  brief,
  client,
  result,
  sessionId,
  dir,
  judge,
}: {
  brief: Brief;
  client: EvalClient;
  result: BriefResult;
  sessionId: string;
  dir: string;
  judge: JudgeConfig | null;
}) {
  const session = await client.request(sessionViewSchema, "GET", `/api/genflow/sessions/${sessionId}`);
  result.usage = await readUsage(client, sessionId);
  await writeFile(join(dir, "usage.json"), `${JSON.stringify({ usage: result.usage, models: result.models, wallMs: result.wallMs }, null, 2)}\n`);
  if (session.stageData.review) await writeFile(join(dir, "review.json"), `${JSON.stringify(session.stageData.review, null, 2)}\n`);
  const article = await client.request(articleSchema, "GET", `/api/genflow/articles/${session.articleId}`);
  result.articleChars = article.content.length;
  if (!article.content.trim()) return;
  await writeFile(
    join(dir, "article.md"),
    result.reached.includes("export_article") ? await client.text(`/api/genflow/articles/${session.articleId}/export?format=md`) : article.content,
  );
  const researchSources = session.stageData.research?.sources ?? [];
  const outlineTitles = (session.stageData.research?.outline ?? []).map((s) => s.title);
  result.score = scoreArticle({ brief, text: article.content, outlineTitles, researchSources });
  if (!judge) return;
  const usage: JudgeUsage = { calls: 0, inputTokens: 0, outputTokens: 0 };
  const ask = await createJudge(judge, usage);
  const verdicts = [];
  for (const citation of extractCitations(article.content)) {
    const source = resolveCitation({ number: citation.number, researchSources, brief });
    // An unresolved citation has no supplied text to support it: it counts as unsupported without a call.
    const verdict =
      source && citation.sentence
        ? await ask({ sentence: citation.sentence, source: source.text })
        : { verdict: "not_supported" as const, reason: "the citation resolves to no supplied source" };
    verdicts.push({ ...citation, ...verdict });
  }
  result.judgeUsage = usage;
  result.supportedShare = verdicts.length ? verdicts.filter((v) => v.verdict === "supported").length / verdicts.length : null;
  await writeFile(join(dir, "judge.json"), `${JSON.stringify({ model: judge.model, usage, verdicts }, null, 2)}\n`);
}

/** Runs every brief (at most `concurrency` at once) and writes each one's files and summary.json to `outDir`. */
export async function runEval(options: EvalOptions): Promise<BriefResult[]> {
  await mkdir(options.outDir, { recursive: true });
  const results = await mapLimit(options.briefs, options.concurrency ?? 2, (brief) => runBrief(brief, options));
  await writeFile(join(options.outDir, "summary.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
