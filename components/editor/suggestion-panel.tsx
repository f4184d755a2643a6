"use client";
// The AI menu over a selection (instructions and a custom request) and the panel of proposed changes.
import type { RefObject } from "react";
import type { Instruction } from "@/components/editor/ai-client";
import { type EditorStrings, fill, type Proposal } from "@/components/editor/editor-shared";

const INSTRUCTIONS: { id: Instruction; label: keyof EditorStrings }[] = [
  { id: "improve", label: "improve" },
  { id: "shorten", label: "shorten" },
  { id: "expand", label: "expand" },
  { id: "fix_grammar", label: "fixGrammar" },
];

function proposalLabel(instruction: Instruction, e: EditorStrings): string {
  return { improve: e.improve, shorten: e.shorten, expand: e.expand, fix_grammar: e.fixGrammar, custom: e.custom.replace(/…$/, "") }[instruction];
}

interface SelectionMenuProps {
  e: EditorStrings;
  top: number;
  left: number;
  customOpen: boolean;
  custom: string;
  onCustomChange: (value: string) => void;
  onOpenCustom: () => void;
  onAsk: (instruction: Instruction, customText?: string) => void;
}

export function SelectionMenu({ e, top, left, customOpen, custom, onCustomChange, onOpenCustom, onAsk }: SelectionMenuProps) {
  return (
    <div
      role="toolbar"
      aria-label={e.aiMenu}
      className="absolute z-20 flex -translate-y-full flex-wrap items-center gap-1 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
      style={{ top, left }}
      data-testid="selection-menu"
    >
      {INSTRUCTIONS.map(({ id, label }) => (
        <button
          key={id}
          type="button"
          onMouseDown={(ev) => ev.preventDefault()}
          onClick={() => onAsk(id)}
          className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-indigo-50 hover:text-indigo-800"
          data-testid={`ai-${id}`}
        >
          {e[label]}
        </button>
      ))}
      {!customOpen ? (
        <button
          type="button"
          onMouseDown={(ev) => ev.preventDefault()}
          onClick={onOpenCustom}
          className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-indigo-50"
          data-testid="ai-custom"
        >
          {e.custom}
        </button>
      ) : (
        <form
          className="flex items-center gap-1"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (custom.trim()) onAsk("custom", custom.trim());
          }}
        >
          <label className="sr-only" htmlFor="ai-custom-input">
            {e.customLabel}
          </label>
          <input
            id="ai-custom-input"
            // biome-ignore lint/a11y/noAutofocus: the field the writer just opened
            autoFocus
            value={custom}
            onChange={(ev) => onCustomChange(ev.target.value)}
            maxLength={500}
            placeholder={e.customPlaceholder}
            className="w-52 rounded border border-slate-300 px-2 py-1 text-sm"
            data-testid="ai-custom-input"
          />
          <button type="submit" className="rounded bg-indigo-600 px-2 py-1 text-sm font-medium text-white hover:bg-indigo-500" data-testid="ai-custom-submit">
            {e.ask}
          </button>
        </form>
      )}
    </div>
  );
}

interface SuggestionPanelProps {
  e: EditorStrings;
  proposal: Proposal;
  panelRef: RefObject<HTMLDivElement | null>;
  top: number;
  onAccept: (index: number) => void;
  onReject: () => void;
}

export function SuggestionPanel({ e, proposal, panelRef, top, onAccept, onReject }: SuggestionPanelProps) {
  return (
    <div
      ref={panelRef}
      tabIndex={-1}
      role="dialog"
      aria-label={fill(e.suggestionsTitle, { instruction: proposalLabel(proposal.instruction, e) })}
      className="absolute right-3 left-3 z-30 max-h-[28rem] overflow-auto rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xl"
      style={{ top }}
      data-testid="suggestion-panel"
    >
      <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {fill(e.suggestionsTitle, { instruction: proposalLabel(proposal.instruction, e) })}
      </p>
      <p className="mb-2">
        <span className="sr-only">{e.original}: </span>
        <del className="rounded bg-red-50 px-1 text-red-800 decoration-red-400" data-testid="suggestion-original">
          {proposal.original.length > 400 ? `${proposal.original.slice(0, 400)}…` : proposal.original}
        </del>
      </p>
      <ol className="space-y-2" aria-live="polite" aria-busy={!proposal.done}>
        {proposal.items.map((text, index) =>
          text ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: options keep their index (0–2) for the whole request
            <li key={index} className="flex items-start gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-2" data-testid={`suggestion-${index}`}>
              <span className="sr-only">{fill(e.option, { n: index + 1 })}: </span>
              <ins className="flex-1 whitespace-pre-wrap text-emerald-900 no-underline">{text}</ins>
              <button
                type="button"
                onClick={() => onAccept(index)}
                className="shrink-0 rounded bg-emerald-600 px-2.5 py-1 text-xs font-semibold text-white hover:bg-emerald-500"
                data-testid={`suggestion-accept-${index}`}
              >
                {e.accept}
              </button>
            </li>
          ) : null,
        )}
      </ol>
      {!proposal.done && (
        <p className="mt-2 animate-pulse text-slate-500" data-testid="suggestion-loading">
          {e.thinking}
        </p>
      )}
      {proposal.done && !proposal.error && proposal.items.filter(Boolean).length === 0 && <p className="mt-2 text-slate-500">{e.noSuggestions}</p>}
      {proposal.error && (
        <p role="alert" className="mt-2 text-red-700" data-testid="suggestion-error">
          {proposal.error}
        </p>
      )}
      <div className="mt-3 flex justify-end">
        <button
          type="button"
          onClick={onReject}
          className="rounded border border-slate-300 px-3 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
          data-testid="suggestion-reject"
        >
          {e.reject}
        </button>
      </div>
    </div>
  );
}
