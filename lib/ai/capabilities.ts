// The editor helpers' prompts and model calls: alternatives for a selection, a continuation, grammar issues.
// lib/genflow/capabilities.ts decides when they may run and records their usage and events.
import "server-only";
import { z } from "zod";
import { type CallContext, generateStructured, streamElements, streamProse } from "@/lib/ai/call";
import { languageLine } from "@/lib/ai/prompts/common";
import { INSTRUCTIONS } from "@/lib/ai/prompts/stages";
import { grammarOutput, suggestionsOutput } from "@/lib/ai/schemas";
import type { autocompleteSchema, grammarCheckSchema, suggestionsSchema } from "@/lib/genflow/capability-schemas";
import type { Locale } from "@/lib/genflow/stages";

type SuggestionsInput = z.infer<typeof suggestionsSchema>;

const INSTRUCTION_TEXT: Record<SuggestionsInput["instruction"], string> = {
  improve: "Improve the clarity and flow",
  shorten: "Make it shorter without losing meaning",
  expand: "Expand it with one or two concrete details",
  fix_grammar: "Fix grammar and spelling only",
  custom: "Follow the writer's instruction",
};

function suggestionsPrompt(language: Locale, input: SuggestionsInput): string {
  return [
    `${INSTRUCTION_TEXT[input.instruction]}${input.custom ? `: ${input.custom}` : ""}.`,
    "Give exactly 3 alternatives for the selection.",
    "Count: 3",
    languageLine(language),
    input.context ? `Surrounding text: ${input.context}` : "",
    `Selection: ${input.text}`,
  ]
    .filter(Boolean)
    .join("\n");
}

/** Up to three alternatives for the selection, in one structured answer. */
export async function generateSuggestions({ ctx, language, input }: { ctx: CallContext; language: Locale; input: SuggestionsInput }): Promise<string[]> {
  const output = await generateStructured({
    ctx,
    schema: suggestionsOutput,
    instructions: INSTRUCTIONS.capabilities,
    prompt: suggestionsPrompt(language, input),
  });
  return output.suggestions.slice(0, 3);
}

/** The same alternatives, each yielded as soon as the model has finished it. */
export function streamSuggestions({ ctx, language, input }: { ctx: CallContext; language: Locale; input: SuggestionsInput }): AsyncIterable<string> {
  return streamElements({ ctx, element: z.string().min(1).max(4000), instructions: INSTRUCTIONS.capabilities, prompt: suggestionsPrompt(language, input) });
}

/** A continuation of the text in the same voice (streamed through `onDelta`). */
export function completeText({
  ctx,
  language,
  input,
  onDelta,
}: {
  ctx: CallContext;
  language: Locale;
  input: z.infer<typeof autocompleteSchema>;
  onDelta?: (d: string) => void;
}): Promise<string> {
  return streamProse({
    ctx,
    instructions: INSTRUCTIONS.capabilities,
    prompt: [
      "Continue the text where it stops, in the same voice. Answer with the continuation only.",
      languageLine(language),
      language === "zh" ? `Target characters: ${input.maxWords * 2}` : `Target words: ${input.maxWords}`,
      `Text: ${input.text.slice(-4000)}`,
    ].join("\n"),
    onDelta,
  });
}

/** Grammar and spelling issues with offsets, computed here from each excerpt (models miscount characters). */
export async function findGrammarIssues({ ctx, language, input }: { ctx: CallContext; language: Locale; input: z.infer<typeof grammarCheckSchema> }) {
  const output = await generateStructured({
    ctx,
    schema: grammarOutput,
    instructions: INSTRUCTIONS.capabilities,
    prompt: ["List grammar and spelling issues with an exact excerpt, a message and a replacement.", languageLine(language), `Text: ${input.text}`].join("\n"),
  });
  return output.issues.map((issue, i) => {
    const start = input.text.indexOf(issue.excerpt);
    return { id: `g${i + 1}`, ...issue, offset: start >= 0 ? { start, end: start + issue.excerpt.length } : null };
  });
}
