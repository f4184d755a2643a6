"use client";
// The editor-first workspace: the document is the main column; the stage stepper and the current stage's
// controls live in a side rail on the right (collapsible; on phones a bottom sheet opened from a bar);
// progress sits compact in the header; History, usage and settings open as drawers.
import { useMessages, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Drawer } from "@/components/workspace/drawer";
import { ProgressBar } from "@/components/workspace/progress-bar";
import type { ArticleSnapshot } from "@/components/workspace/stage-forms";
import { StageRail } from "@/components/workspace/stage-rail";
import { UsageMeter } from "@/components/workspace/usage-meter";
import type { PusherClientConfig } from "@/components/workspace/use-session-events";
import { useWorkspaceSession } from "@/components/workspace/use-workspace-session";
import type { SessionResponse } from "@/lib/genflow/responses";
import { STAGE_LABELS, STAGES, type Stage } from "@/lib/genflow/stages";

// Loaded when the History drawer first opens: not part of the workspace's first load.
const HistoryPanel = dynamic(() => import("@/components/workspace/history-panel").then((m) => m.HistoryPanel), { ssr: false });

export function SessionPanel({
  initial,
  pusher,
  modelConfigured,
  models,
  locale,
  article,
  publishHtml = null,
  railExtras,
  children,
}: {
  initial: SessionResponse;
  pusher: PusherClientConfig | null;
  modelConfigured: boolean;
  /** The model each stage uses (null when none is configured), for the settings drawer. */
  models: Record<Stage, string | null>;
  locale: "en" | "zh";
  /** The saved article as the page rendered it (refreshed after every run): for before/after, review and publish. */
  article: ArticleSnapshot;
  /** The article rendered to sanitized HTML by the server, when the session is at publish (Copy HTML). */
  publishHtml?: string | null;
  /** Extra sections at the end of the rail (the lead's list of pending proposals). */
  railExtras?: ReactNode;
  /** The document: the article editor, the main column. */
  children: ReactNode;
}) {
  const t = useTranslations();
  const messages = useMessages();
  const w = messages.workspace;
  const session = useWorkspaceSession({ initial, pusher, locale, articleId: article.id, initialHasText: article.content.trim() !== "" });
  const { view, busy } = session;
  const { stage } = view.progress;
  const stageLabel = STAGE_LABELS[stage][locale];
  const stageOf = t("workspace.stageOf", { n: STAGES.indexOf(stage) + 1, total: STAGES.length });

  // Desktop: the rail can be folded away for a full-width document. Phones: the rail is a bottom sheet.
  const [collapsed, setCollapsed] = useState(false);
  const [sheetOpen, setSheetOpen] = useState(false);
  const sheetHeading = useRef<HTMLHeadingElement>(null);
  const sheetButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (sheetOpen) sheetHeading.current?.focus();
    else if (wasOpen.current) sheetButton.current?.focus();
    wasOpen.current = sheetOpen;
  }, [sheetOpen]);

  return (
    <div className="space-y-4 max-md:pb-20" data-testid="workspace">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2" data-testid="workspace-header">
        <Link href="/" className="text-sm text-indigo-700 hover:underline">
          ← {t("back")}
        </Link>
        <div className="flex min-w-0 flex-1 basis-64 items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-1.5">
          <span className="shrink-0 text-xs font-semibold text-slate-800" data-testid="header-stage">
            <span className="sr-only">{stageOf}: </span>
            {stageLabel}
          </span>
          <ProgressBar {...view.progress} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Drawer label={t("history")} title={w.historyTitle} closeLabel={w.close} triggerTestId="history-toggle" testId="history-drawer" wide>
            <HistoryPanel articleId={article.id} version={article.version} locale={locale} />
          </Drawer>
          <Drawer label={t("usage")} title={w.usageTitle} closeLabel={w.close} triggerTestId="usage-toggle" testId="usage-drawer">
            <UsageMeter usage={view.usage} locale={locale} />
          </Drawer>
          <Drawer label={w.settingsTitle} title={w.settingsTitle} closeLabel={w.close} triggerTestId="settings-toggle" testId="settings-drawer">
            <WorkspaceSettings language={view.language} models={models} modelConfigured={modelConfigured} locale={locale} />
          </Drawer>
          <button
            type="button"
            aria-expanded={!collapsed}
            aria-controls="stage-rail"
            aria-label={collapsed ? w.showPanel : w.hidePanel}
            title={collapsed ? w.showPanel : w.hidePanel}
            onClick={() => setCollapsed((c) => !c)}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50 max-md:hidden"
            data-testid="rail-toggle"
          >
            <span aria-hidden="true">{collapsed ? "⇤" : "⇥"}</span>
          </button>
        </div>
      </div>

      <div className={`gap-6 md:grid ${collapsed ? "md:grid-cols-1" : "md:grid-cols-[minmax(0,1fr)_18rem] lg:grid-cols-[minmax(0,1fr)_21rem]"}`}>
        <div className="min-w-0" data-testid="document-column">
          {children}
        </div>
        <aside
          id="stage-rail"
          aria-labelledby="stage-rail-heading"
          aria-busy={busy}
          data-testid="session-panel"
          data-sheet={sheetOpen ? "open" : "closed"}
          onKeyDown={(e) => {
            if (e.key === "Escape" && sheetOpen) setSheetOpen(false);
          }}
          className={`min-w-0 bg-white p-4 md:sticky md:top-4 md:max-h-[calc(100vh-2rem)] md:self-start md:overflow-y-auto md:rounded-xl md:border md:border-slate-200 max-md:fixed max-md:inset-x-0 max-md:bottom-0 max-md:z-40 max-md:max-h-[85vh] max-md:overflow-y-auto max-md:rounded-t-2xl max-md:border-t max-md:border-slate-300 max-md:shadow-2xl ${sheetOpen ? "" : "max-md:hidden"} ${collapsed ? "md:hidden" : ""}`}
        >
          <div className="mb-3 flex items-center justify-between gap-2">
            <h2 id="stage-rail-heading" ref={sheetHeading} tabIndex={-1} className="text-sm font-semibold text-slate-800">
              {stageOf} · {stageLabel}
            </h2>
            <button
              type="button"
              onClick={() => setSheetOpen(false)}
              aria-label={w.close}
              title={w.close}
              className="rounded-md px-2 py-0.5 text-lg leading-none text-slate-600 hover:bg-slate-100 md:hidden"
              data-testid="close-sheet"
            >
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <StageRail {...session} modelConfigured={modelConfigured} locale={locale} article={article} publishHtml={publishHtml} railExtras={railExtras} />
        </aside>
      </div>

      {/* Phones: a bar at the bottom opens the rail as a sheet. */}
      <div className={`fixed inset-x-0 bottom-0 z-30 border-t border-slate-300 bg-white px-4 py-2 shadow-lg md:hidden ${sheetOpen ? "hidden" : ""}`}>
        <button
          ref={sheetButton}
          type="button"
          aria-expanded={sheetOpen}
          aria-controls="stage-rail"
          onClick={() => setSheetOpen(true)}
          className="flex w-full items-center justify-between gap-2 rounded-md bg-indigo-600 px-3 py-2 text-left text-sm font-semibold text-white"
          data-testid="open-sheet"
        >
          <span className="truncate">
            {stageOf} · {stageLabel}
          </span>
          <span aria-hidden="true">▴</span>
          <span className="sr-only">{w.openSheet}</span>
        </button>
      </div>
    </div>
  );
}

/** The settings drawer: this article's writing language and the models its stages use; all settings one link away. */
function WorkspaceSettings({
  language,
  models,
  modelConfigured,
  locale,
}: {
  language: "en" | "zh";
  models: Record<Stage, string | null>;
  modelConfigured: boolean;
  locale: "en" | "zh";
}) {
  const t = useTranslations();
  const w = useMessages().workspace;
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">{w.writingLanguage}</dt>
        <dd data-testid="settings-language">{w.languageNames[language]}</dd>
      </dl>
      <section className="space-y-1">
        <h3 className="font-semibold">{t("modelPerStage")}</h3>
        {modelConfigured ? (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            {STAGES.map((stage) => (
              <div key={stage} className="contents">
                <dt className="text-slate-600">{STAGE_LABELS[stage][locale]}</dt>
                <dd>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{models[stage] ?? "—"}</code>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="text-amber-900">{t("noModelTitle")}</p>
        )}
      </section>
      <Link href="/settings" className="inline-block text-indigo-700 underline" data-testid="settings-link">
        {w.allSettings}
      </Link>
    </div>
  );
}
