// Helpers and types shared by the rich editor's parts (rich-editor, its hooks and panels).
import { type GrammarIssue, HelperError, type Instruction } from "@/components/editor/ai-client";
import type { Dictionary } from "@/lib/i18n";

/** Transaction meta for changes that are not the writer's edits (loading, clearing AI decorations). */
export const EXTERNAL = "genflow:external";

export type EditorStrings = Dictionary["editor"];

export interface Proposal {
  instruction: Instruction;
  original: string;
  items: string[];
  done: boolean;
  error: string | null;
}

export interface IssueRow extends GrammarIssue {
  state: "open" | "applied" | "ignored";
}

export const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
export const errorText = (error: unknown) => (error instanceof HelperError || error instanceof Error ? error.message : String(error));
