"use client";
// The side rail's content: where the article is (stepper), the current stage's controls, and the way on
// (Approve, only once the stage has what it needs) or back (a stage chosen, then confirmed).
import { useMessages, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { type ReactNode, useId, useState } from "react";
import { ConfirmDialog } from "@/components/workspace/drawer";
import { approveBlocker } from "@/components/workspace/labels";
import { type ArticleSnapshot, type Run, TopicForms } from "@/components/workspace/stage-forms";
import { StageStepper } from "@/components/workspace/stage-stepper";
import { UnavailableBanner } from "@/components/workspace/unavailable-banner";
import type { SessionResponse } from "@/lib/genflow/responses";
import { STAGE_LABELS, STAGES, type Stage } from "@/lib/genflow/stages";

// Each stage after the first loads its controls (outline editor, draft forms, variants, live review checks, export)
// when the article reaches it: the workspace's first load carries only the topic stage and what every stage needs.
// While a stage's chunk loads (right after Approve), a placeholder holds its place.
const loading = () => <div className="h-24 animate-pulse rounded-md bg-slate-100" aria-busy="true" data-testid="stage-forms-loading" />;
const ResearchForms = dynamic(() => import("@/components/workspace/research-forms").then((m) => m.ResearchForms), { loading });
const WritingForms = dynamic(() => import("@/components/workspace/writing-forms").then((m) => m.WritingForms), { loading });
const StylingForms = dynamic(() => import("@/components/workspace/styling-forms").then((m) => m.StylingForms), { loading });
const ReviewForms = dynamic(() => import("@/components/workspace/review-publish-forms").then((m) => m.ReviewForms), { loading });
const PublishForms = dynamic(() => import("@/components/workspace/review-publish-forms").then((m) => m.PublishForms), { loading });

export function StageRail({
  view,
  run,
  busy,
  error,
  canRetryLast,
  retryLast,
  unavailable,
  hasText,
  modelConfigured,
  locale,
  article,
  publishHtml,
  railExtras,
}: {
  view: SessionResponse;
  run: Run;
  busy: boolean;
  error: string | null;
  canRetryLast: boolean;
  retryLast: () => void;
  unavailable: number | null;
  hasText: boolean;
  modelConfigured: boolean;
  locale: "en" | "zh";
  article: ArticleSnapshot;
  publishHtml: string | null;
  railExtras?: ReactNode;
}) {
  const t = useTranslations();
  const messages = useMessages();
  const w = messages.workspace;
  const hintId = useId();
  const { stage } = view.progress;
  const can = (action: string) => view.availableActions.some((a) => a.action === action);
  const earlier = STAGES.slice(0, STAGES.indexOf(stage));
  const blocker = approveBlocker(stage, view.stageData, hasText);
  // The stage picked in "Go back to a stage", waiting for the writer's confirmation.
  const [backTo, setBackTo] = useState<Stage | null>(null);
  const stageName = (s: Stage) => STAGE_LABELS[s][locale];

  return (
    <div className="space-y-4">
      <StageStepper current={stage} locale={locale} label={w.stages} />
      {!modelConfigured && (
        <div role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="no-model-banner">
          <strong>{t("noModelTitle")}.</strong> {t("noModelBody")}
        </div>
      )}
      {unavailable !== null && <UnavailableBanner text={t("unavailable", { n: unavailable })} />}
      {error && (
        <div role="alert" className="space-y-2 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="error-banner">
          <p>
            <strong>{t("errorTitle")}:</strong> {error}
          </p>
          {canRetryLast && (
            <button type="button" onClick={retryLast} className="rounded border border-red-300 bg-white px-2 py-1" data-testid="retry">
              {t("retry")}
            </button>
          )}
        </div>
      )}
      <fieldset disabled={busy} className="min-w-0 space-y-4">
        <legend className="sr-only">{stageName(stage)}</legend>
        {stage === "topic" && <TopicForms stageData={view.stageData} run={run} busy={busy} />}
        {stage === "research" && <ResearchForms stageData={view.stageData} run={run} busy={busy} sessionId={view.sessionId} />}
        {stage === "writing" && <WritingForms stageData={view.stageData} run={run} busy={busy} />}
        {stage === "styling" && <StylingForms stageData={view.stageData} article={article} language={view.language} run={run} busy={busy} />}
        {stage === "review" && <ReviewForms stageData={view.stageData} article={article} language={view.language} run={run} busy={busy} />}
        {stage === "publish" && (
          <PublishForms
            article={article}
            stageData={view.stageData}
            language={view.language}
            html={publishHtml}
            run={run}
            busy={busy}
            locale={locale}
            completedAt={view.stageData.publish?.completedAt}
          />
        )}
        <div className="space-y-2 border-t border-slate-200 pt-3" data-testid="action-bar">
          {can("retry") && (
            <button
              type="button"
              onClick={() => run("retry")}
              className="w-full rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-500"
              data-testid="action-retry"
            >
              {messages.actionNames.retry}
            </button>
          )}
          {can("approve") && (
            <>
              <button
                type="button"
                disabled={busy || blocker !== null}
                aria-describedby={blocker ? hintId : undefined}
                onClick={() => run("approve", { stage })}
                className="w-full rounded-md bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-600 disabled:opacity-50"
                data-testid="action-approve"
              >
                {messages.actionNames.approve}
              </button>
              {blocker && (
                <p id={hintId} className="text-xs text-slate-700" data-testid="approve-hint">
                  {w[blocker]}
                </p>
              )}
            </>
          )}
          {can("go_to_stage") && earlier.length > 0 && (
            <select
              aria-label={messages.actionNames.go_to_stage}
              title={messages.actionNames.go_to_stage}
              value={backTo ?? ""}
              onChange={(e) => setBackTo(earlier.find((s) => s === e.target.value) ?? null)}
              className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
              data-testid="go-back"
            >
              <option value="">{w.goBackPick}</option>
              {earlier.map((s) => (
                <option key={s} value={s}>
                  {stageName(s)}
                </option>
              ))}
            </select>
          )}
        </div>
      </fieldset>
      <ConfirmDialog
        open={backTo !== null}
        onOpenChange={(open) => {
          if (!open) setBackTo(null);
        }}
        title={backTo ? t("workspace.goBackTitle", { stage: stageName(backTo) }) : ""}
        body={backTo ? t("workspace.goBackBody", { stage: stageName(backTo) }) : ""}
        confirmLabel={backTo ? t("workspace.goBackConfirm", { stage: stageName(backTo) }) : ""}
        cancelLabel={t("cancel")}
        onConfirm={() => {
          if (backTo) run("go_to_stage", { stage: backTo });
        }}
        testId="go-back-dialog"
      />
      {/* Filled by the lead: the pending proposals of this article, listed beside the document. */}
      {railExtras && (
        <div className="space-y-2" data-testid="rail-extras">
          {railExtras}
        </div>
      )}
    </div>
  );
}
