// The editor's helpers that run outside the stage pipeline: suggestions for a selection, autocomplete,
// grammar check. They never change the article (the writer accepts or rejects), but their tokens count.
import "server-only";
import { z } from "zod";
import { type CallContext, emptyUsage, generateStructured, streamElements, streamProse, type Usage } from "@/lib/ai/call";
import { INSTRUCTIONS } from "@/lib/ai/prompts/stages";
import { languageLine } from "@/lib/ai/prompts/common";
import { estimateCostUsd } from "@/lib/ai/pricing";
import { getStageModel } from "@/lib/ai/providers";
import { grammarOutput, suggestionsOutput } from "@/lib/ai/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/genflow/events";
import { type Capability, getCapabilities, type Locale, type Stage } from "@/lib/genflow/stages";
import type { autocompleteSchema, grammarCheckSchema, suggestionsSchema } from "@/lib/genflow/capability-schemas";

interface SessionLike {
  id: string;
  stage: string;
  language: string;
  tokensIn: number;
  tokensOut: number;
}

function assertCapability(session: SessionLike, capability: Capability) {
  const stage = session.stage as Stage;
  if (!getCapabilities(stage).includes(capability)) {
    throw new AppError("wrong_stage", `${capability} is not available at the ${stage} stage`, { details: { capabilities: getCapabilities(stage) } });
  }
}

function callContext(session: SessionLike, usage: Usage): CallContext {
  return {
    stage: session.stage as Stage,
    beforeCall: (estimated) => {
      const budget = env.GENFLOW_SESSION_TOKEN_BUDGET;
      if (budget && session.tokensIn + session.tokensOut + estimated > budget) {
        throw new AppError("budget_exceeded", `This session's token budget (${budget}) would be exceeded`);
      }
    },
    onUsage: (u) => {
      usage.inputTokens += u.inputTokens;
      usage.outputTokens += u.outputTokens;
      usage.calls += u.calls;
    },
  };
}

async function recordUsage(session: SessionLike, usage: Usage) {
  const { modelId } = getStageModel(session.stage as Stage);
  await db.session.update({
    where: { id: session.id },
    data: { tokensIn: { increment: usage.inputTokens }, tokensOut: { increment: usage.outputTokens }, costUsd: { increment: estimateCostUsd({ model: modelId, ...usage }) } },
  });
}

const INSTRUCTION_TEXT: Record<z.infer<typeof suggestionsSchema>["instruction"], string> = {
  improve: "Improve the clarity and flow",
  shorten: "Make it shorter without losing meaning",
  expand: "Expand it with one or two concrete details",
  fix_grammar: "Fix grammar and spelling only",
  custom: "Follow the writer's instruction",
};

function suggestionsPrompt(session: SessionLike, input: z.infer<typeof suggestionsSchema>): string {
  return [
      `${INSTRUCTION_TEXT[input.instruction]}${input.custom ? `: ${input.custom}` : ""}.`,
      "Give exactly 3 alternatives for the selection.",
      "Count: 3",
      languageLine(session.language as Locale),
      input.context ? `Surrounding text: ${input.context}` : "",
      `Selection: ${input.text}`,
    ]
      .filter(Boolean)
      .join("\n");
}

/** `suggestion.ready` in the session's log, for other tabs and integrators following the session. */
function announceSuggestions(session: SessionLike, selection: string, suggestions: string[]) {
  return recordEvent(session.id, { type: "suggestion.ready", data: { selection: selection.slice(0, 200), suggestions } });
}

export async function suggestAlternatives({ session, input }: { session: SessionLike; input: z.infer<typeof suggestionsSchema> }) {
  assertCapability(session, "suggestions");
  const usage = emptyUsage();
  const output = await generateStructured({
    ctx: callContext(session, usage),
    schema: suggestionsOutput,
    instructions: INSTRUCTIONS.capabilities,
    prompt: suggestionsPrompt(session, input),
  });
  await recordUsage(session, usage);
  const suggestions = output.suggestions.slice(0, 3);
  await announceSuggestions(session, input.text, suggestions);
  return { suggestions, usage };
}

/** The same three alternatives, each handed to `onSuggestion` as soon as the model has finished it. */
export async function streamSuggestions({ session, input, onSuggestion }: { session: SessionLike; input: z.infer<typeof suggestionsSchema>; onSuggestion: (text: string, index: number) => void }) {
  assertCapability(session, "suggestions");
  const usage = emptyUsage();
  const suggestions: string[] = [];
  for await (const text of streamElements({ ctx: callContext(session, usage), element: z.string().min(1).max(4000), instructions: INSTRUCTIONS.capabilities, prompt: suggestionsPrompt(session, input) })) {
    if (suggestions.length >= 3) break;
    onSuggestion(text, suggestions.length);
    suggestions.push(text);
  }
  await recordUsage(session, usage);
  await announceSuggestions(session, input.text, suggestions);
  return { suggestions, usage };
}

export async function autocomplete({ session, input, onDelta }: { session: SessionLike; input: z.infer<typeof autocompleteSchema>; onDelta?: (d: string) => void }) {
  assertCapability(session, "autoComplete");
  const usage = emptyUsage();
  const language = session.language as Locale;
  const completion = await streamProse({
    ctx: callContext(session, usage),
    instructions: INSTRUCTIONS.capabilities,
    prompt: [
      "Continue the text where it stops, in the same voice. Answer with the continuation only.",
      languageLine(language),
      language === "zh" ? `Target characters: ${input.maxWords * 2}` : `Target words: ${input.maxWords}`,
      `Text: ${input.text.slice(-4000)}`,
    ].join("\n"),
    onDelta,
  });
  await recordUsage(session, usage);
  return { completion, usage };
}

export async function grammarCheck({ session, input }: { session: SessionLike; input: z.infer<typeof grammarCheckSchema> }) {
  assertCapability(session, "grammarCheck");
  const usage = emptyUsage();
  const output = await generateStructured({
    ctx: callContext(session, usage),
    schema: grammarOutput,
    instructions: INSTRUCTIONS.capabilities,
    prompt: ["List grammar and spelling issues with an exact excerpt, a message and a replacement.", languageLine(session.language as Locale), `Text: ${input.text}`].join("\n"),
  });
  await recordUsage(session, usage);
  // Offsets are computed here, from the excerpt: models are unreliable at counting characters.
  const issues = output.issues.map((issue, i) => {
    const start = input.text.indexOf(issue.excerpt);
    return { id: `g${i + 1}`, ...issue, offset: start >= 0 ? { start, end: start + issue.excerpt.length } : null };
  });
  return { issues, usage };
}
