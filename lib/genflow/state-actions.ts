// Actions that need no model: moving between stages, choosing a topic, editing the outline, exporting,
// completing. They run inside the claiming transaction, so a failure leaves nothing half-written.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ActionName } from "@/lib/genflow/actions";
import { renderMarkdownToHtml } from "@/lib/genflow/articles";
import type { Emit } from "@/lib/genflow/events";
import { readStageData, type StageData } from "@/lib/genflow/stage-data";
import type { Stage } from "@/lib/genflow/stages";
import { assertCanGoBack, getApproveTarget } from "@/lib/genflow/state-machine";

interface SessionLike {
  id: string;
  articleId: string;
  stage: string;
  stageData: unknown;
}

export interface ActionOutcome {
  result: Record<string, unknown>;
  progress?: number;
  currentStep?: string;
}

async function saveStageData(tx: Prisma.TransactionClient, session: SessionLike, stageData: StageData) {
  const value = stageData as Prisma.InputJsonValue;
  await tx.session.update({ where: { id: session.id }, data: { stageData: value } });
  await tx.article.update({ where: { id: session.articleId }, data: { stageData: value } });
}

async function moveToStage(tx: Prisma.TransactionClient, emit: Emit, session: SessionLike, to: Stage): Promise<ActionOutcome> {
  await tx.session.update({ where: { id: session.id }, data: { stage: to, progress: 0, currentStep: null } });
  await tx.article.update({ where: { id: session.articleId }, data: { stage: to } });
  await emit({ type: "stage.change", data: { from: session.stage, stage: to, status: "idle", progress: 0 } });
  return { result: { stage: to }, progress: 0 };
}

export async function executeStateAction(
  tx: Prisma.TransactionClient,
  emit: Emit,
  { session, action, parameters }: { session: SessionLike; action: ActionName; parameters: unknown },
): Promise<ActionOutcome> {
  const stage = session.stage as Stage;
  const stageData = readStageData(session.stageData);
  const params = parameters as Record<string, unknown>;
  switch (action) {
    case "approve": {
      if (params.stage && params.stage !== stage) {
        throw new AppError("wrong_stage", `The session is at ${stage}, not ${String(params.stage)}: it was approved already`, { details: { stage } });
      }
      if (stage === "topic" && !stageData.topic?.selected) {
        throw new AppError("wrong_stage", "Choose a topic (select_topic) before approving the topic stage");
      }
      return moveToStage(tx, emit, session, getApproveTarget(stage));
    }
    case "go_to_stage": {
      const to = params.stage as Stage;
      assertCanGoBack({ from: stage, to });
      return moveToStage(tx, emit, session, to);
    }
    case "select_topic": {
      const topics = stageData.topic?.topics ?? [];
      let selected: NonNullable<NonNullable<StageData["topic"]>["selected"]>;
      if (typeof params.topicId === "string") {
        const found = topics.find((t) => t.id === params.topicId);
        if (!found) {
          throw new AppError("validation_failed", `No discovered topic has id "${params.topicId}"`, {
            details: [{ field: "parameters.topicId", message: "unknown topic id" }],
          });
        }
        selected = found;
      } else {
        selected = { id: `own-${randomUUID().slice(0, 8)}`, title: String(params.title), angle: params.angle as string | undefined, keywords: params.keywords as string[] | undefined };
      }
      await saveStageData(tx, session, { ...stageData, topic: { ...stageData.topic, selected } });
      return { result: { selected }, currentStep: "topic selected" };
    }
    case "update_outline": {
      const sections = (params.sections as { id?: string; title: string; points: string[] }[]).map((s) => ({
        id: s.id ?? `s-${randomUUID().slice(0, 8)}`,
        title: s.title,
        points: s.points,
      }));
      await saveStageData(tx, session, { ...stageData, research: { ...stageData.research, outline: sections } });
      return { result: { outline: sections }, currentStep: "outline updated" };
    }
    case "export_article": {
      const article = await tx.article.findUniqueOrThrow({ where: { id: session.articleId }, select: { title: true, content: true } });
      const markdown = `${`# ${article.title}\n\n${article.content}`.trimEnd()}\n`;
      const content = params.format === "html" ? renderMarkdownToHtml(markdown) : markdown;
      return { result: { format: params.format, content }, currentStep: "exported" };
    }
    case "complete": {
      const completedAt = new Date().toISOString();
      await saveStageData(tx, session, { ...stageData, publish: { ...stageData.publish, completedAt } });
      return { result: { completedAt }, progress: 100, currentStep: "published" };
    }
    default:
      throw new AppError("model_not_configured", `Action ${action} needs a model`);
  }
}
