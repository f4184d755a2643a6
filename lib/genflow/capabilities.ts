// The editor's helpers that run outside the stage pipeline: suggestions for a selection, autocomplete,
// grammar check. They never change the article (the writer accepts or rejects), but their tokens count.
// Prompts and model calls are in lib/ai/capabilities.ts; this module checks the stage, the budget, and records.
import "server-only";
import type { z } from "zod";
import { completeText, findGrammarIssues, generateSuggestions, streamSuggestions as streamSuggestionTexts } from "@/lib/ai/capabilities";
import { type CallContext, emptyUsage, type Usage } from "@/lib/ai/call";
import { estimateCostUsd } from "@/lib/ai/pricing";
import { getStageModel } from "@/lib/ai/providers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { autocompleteSchema, grammarCheckSchema, suggestionsSchema } from "@/lib/genflow/capability-schemas";
import { recordEvent } from "@/lib/genflow/events";
import { type Capability, getCapabilities, type Locale, type Stage } from "@/lib/genflow/stages";

interface SessionLike {
  id: string;
  stage: Stage;
  language: Locale;
  tokensIn: number;
  tokensOut: number;
}

function assertCapability(session: SessionLike, capability: Capability) {
  const { stage } = session;
  if (!getCapabilities(stage).includes(capability)) {
    throw new AppError("wrong_stage", `${capability} is not available at the ${stage} stage`, { details: { capabilities: getCapabilities(stage) } });
  }
}

function callContext(session: SessionLike, usage: Usage): CallContext {
  return {
    stage: session.stage,
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
  const { modelId } = getStageModel(session.stage);
  await db.session.update({
    where: { id: session.id },
    data: {
      tokensIn: { increment: usage.inputTokens },
      tokensOut: { increment: usage.outputTokens },
      costUsd: { increment: estimateCostUsd({ model: modelId, ...usage }) },
    },
  });
}

/** `suggestion.ready` in the session's log, for other tabs and integrators following the session. */
function announceSuggestions(session: SessionLike, selection: string, suggestions: string[]) {
  return recordEvent(session.id, { type: "suggestion.ready", data: { selection: selection.slice(0, 200), suggestions } });
}

export async function suggestAlternatives({ session, input }: { session: SessionLike; input: z.infer<typeof suggestionsSchema> }) {
  assertCapability(session, "suggestions");
  const usage = emptyUsage();
  const suggestions = await generateSuggestions({ ctx: callContext(session, usage), language: session.language, input });
  await recordUsage(session, usage);
  await announceSuggestions(session, input.text, suggestions);
  return { suggestions, usage };
}

/** The same three alternatives, each handed to `onSuggestion` as soon as the model has finished it. */
export async function streamSuggestions({
  session,
  input,
  onSuggestion,
}: {
  session: SessionLike;
  input: z.infer<typeof suggestionsSchema>;
  onSuggestion: (text: string, index: number) => void;
}) {
  assertCapability(session, "suggestions");
  const usage = emptyUsage();
  const suggestions: string[] = [];
  for await (const text of streamSuggestionTexts({ ctx: callContext(session, usage), language: session.language, input })) {
    if (suggestions.length >= 3) break;
    onSuggestion(text, suggestions.length);
    suggestions.push(text);
  }
  await recordUsage(session, usage);
  await announceSuggestions(session, input.text, suggestions);
  return { suggestions, usage };
}

export async function autocomplete({
  session,
  input,
  onDelta,
}: {
  session: SessionLike;
  input: z.infer<typeof autocompleteSchema>;
  onDelta?: (d: string) => void;
}) {
  assertCapability(session, "autoComplete");
  const usage = emptyUsage();
  const completion = await completeText({ ctx: callContext(session, usage), language: session.language, input, onDelta });
  await recordUsage(session, usage);
  return { completion, usage };
}

export async function grammarCheck({ session, input }: { session: SessionLike; input: z.infer<typeof grammarCheckSchema> }) {
  assertCapability(session, "grammarCheck");
  const usage = emptyUsage();
  const issues = await findGrammarIssues({ ctx: callContext(session, usage), language: session.language, input });
  await recordUsage(session, usage);
  return { issues, usage };
}
