// Writing stage: write_draft streams Markdown along the outline with [n] citations; revise_draft rewrites
// the whole draft or one section on the writer's instruction.
import "server-only";
import { getTranslator } from "@/lib/i18n";
import type { AgentInput, AgentOutput, DraftCheckpoint } from "@/lib/ai/agents/types";
import { streamProse } from "@/lib/ai/call";
import { draftPrompt, INSTRUCTIONS, revisePrompt, tokensForLength } from "@/lib/ai/prompts/stages";
import { countLength, createLengthCounter } from "@/lib/genflow/checks/length";
import type { SourceRef } from "@/lib/ai/prompts/common";
import { AppError } from "@/lib/errors";
import { findSection, replaceSection } from "@/lib/genflow/markdown-sections";
import type { OutlineSection, StageData, StageSlice } from "@/lib/genflow/stage-data";

interface WriteDraftParameters {
  targetLength: number;
  tone?: string;
}

interface ReviseDraftParameters {
  instruction: string;
  sectionId?: string;
}

export function storedSources(input: { stageData: StageData }): SourceRef[] {
  const sources = input.stageData.research?.sources ?? [];
  return sources.map((s) => ({ number: s.number, title: s.title, url: s.url, excerpt: s.excerpt }));
}

function storedOutline(input: { stageData: StageData }): OutlineSection[] {
  const outline = input.stageData.research?.outline ?? [];
  if (outline.length === 0) throw new AppError("wrong_stage", "There is no outline yet: run research (or edit the outline) before writing");
  return outline;
}

/** Progress grows with the text as it streams in (every 10 %: each step is a realtime message). */
function trackProgress(input: AgentInput<unknown>, target: number) {
  const count = createLengthCounter(input.language);
  let lastReported = 0;
  return (delta: string) => {
    input.delta(delta);
    const share = Math.min(0.95, count(delta) / Math.max(1, target));
    const progress = Math.round(10 + share * 85);
    if (progress - lastReported >= 10) {
      lastReported = progress;
      void input.progress(progress, getTranslator(input.language)("agentSteps.writing"), undefined).catch(() => {});
    }
  };
}

/**
 * Watches the streamed draft for section boundaries: when the heading of section k+1 begins, sections 1..k
 * are complete and become the run's checkpoint (a resumed attempt starts after them).
 */
function trackSections(input: AgentInput<unknown>, done: DraftCheckpoint) {
  let text = done.text;
  // Start of the first line not looked at yet; a line counts once complete, so a half-streamed heading is
  // never cut in two.
  let scanned = done.text.length;
  let headings = 0;
  let sections = done.sections;
  return (delta: string) => {
    text += delta;
    for (let end = text.indexOf("\n", scanned); end !== -1; end = text.indexOf("\n", scanned)) {
      if (text.startsWith("## ", scanned)) {
        headings++;
        const completed = done.sections + headings - 1;
        if (completed > sections) {
          sections = completed;
          input.checkpoint?.({ text: text.slice(0, scanned), sections });
        }
      }
      scanned = end + 1;
    }
  };
}

export async function writeDraft(input: AgentInput<WriteDraftParameters>): Promise<AgentOutput<StageSlice<"writing">>> {
  const p = input.parameters;
  const outline = storedOutline(input);
  const selected = input.stageData.topic?.selected;
  // A resumed run keeps the sections an earlier attempt completed and asks only for the rest.
  const resume = input.resume && input.resume.sections > 0 && input.resume.sections < outline.length ? input.resume : { text: "", sections: 0 };
  const remaining = outline.slice(resume.sections);
  const target = Math.max(50, Math.round((p.targetLength * remaining.length) / outline.length));
  const t = getTranslator(input.language);
  const steps = [t("agentSteps.drafting"), t("agentSteps.resuming")];
  await input.progress(5, steps[resume.sections > 0 ? 1 : 0], Math.round(target / 25));
  const show = trackProgress(input, p.targetLength);
  const watch = trackSections(input, resume);
  if (resume.text) show(resume.text);
  const rest = await streamProse({
    ctx: input.call,
    instructions: INSTRUCTIONS.writing,
    prompt: draftPrompt({
      title: selected?.title ?? input.article.title,
      outline: remaining,
      sources: storedSources(input),
      target,
      tone: p.tone,
      language: input.language,
      feedback: input.feedback,
      continueAfter: resume.text || undefined,
    }),
    onDelta: (delta) => {
      show(delta);
      watch(delta);
    },
    expectedOutputTokens: tokensForLength(target, input.language),
  });
  const content = resume.text + rest;
  const length = countLength(content, input.language);
  return {
    result: { length, targetLength: p.targetLength },
    stageData: { targetLength: p.targetLength, tone: p.tone ?? null, length },
    article: { content, title: selected?.title, note: "draft" },
    events: [{ type: "draft.completed", data: { length, targetLength: p.targetLength } }],
    currentStep: t("agentSteps.draftComplete"),
  };
}

export async function reviseDraft(input: AgentInput<ReviseDraftParameters>): Promise<AgentOutput<StageSlice<"writing">>> {
  const t = getTranslator(input.language);
  const p = input.parameters;
  const current = input.article.content;
  if (!current.trim()) throw new AppError("wrong_stage", "There is no draft to revise yet: write the draft first");
  let scopeText = current;
  let section: ReturnType<typeof findSection> = null;
  if (p.sectionId) {
    const outlineSection = storedOutline(input).find((s) => s.id === p.sectionId);
    section = outlineSection ? findSection(current, outlineSection.title) : null;
    if (!section) {
      throw new AppError("validation_failed", `No section "${p.sectionId}" in the draft`, {
        details: [{ field: "parameters.sectionId", message: "unknown section" }],
      });
    }
    scopeText = section.text;
  }
  await input.progress(10, t("agentSteps.revising"), 20);
  const revised = await streamProse({
    ctx: input.call,
    instructions: INSTRUCTIONS.writing,
    prompt: revisePrompt({
      text: scopeText,
      instruction: p.instruction,
      language: input.language,
      sources: storedSources(input),
      scope: section ? "this section" : "the article",
    }),
    onDelta: trackProgress(input, countLength(scopeText, input.language)),
    expectedOutputTokens: tokensForLength(countLength(scopeText, input.language), input.language),
  });
  const content = section ? replaceSection(current, section, revised) : revised;
  return {
    result: { sectionId: p.sectionId ?? null, length: countLength(content, input.language) },
    article: { content, note: p.sectionId ? `revised section ${p.sectionId}` : "revised" },
    events: [{ type: "draft.completed", data: { revised: true, sectionId: p.sectionId ?? null } }],
    currentStep: t("agentSteps.revisionComplete"),
  };
}
