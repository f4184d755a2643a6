// Request schemas of the editor helpers (suggestions, autocomplete, grammar check).
import { z } from "zod";

export const suggestionsSchema = z.object({
  text: z.string().trim().min(1).max(8000),
  instruction: z.enum(["improve", "shorten", "expand", "fix_grammar", "custom"]).default("improve"),
  custom: z.string().trim().max(500).optional(),
  context: z.string().max(8000).optional(),
});
export const autocompleteSchema = z.object({ text: z.string().min(1).max(8000), maxWords: z.number().int().min(1).max(60).default(20) });
export const grammarCheckSchema = z.object({ text: z.string().trim().min(1).max(20_000) });
