// Writes the state actions share: a session's stageData (mirrored on its article) and a move to a stage.
import "server-only";
import type { ActionOutcome, StateActionInput } from "@/lib/genflow/actions/define";
import { toJsonColumn } from "@/lib/genflow/json-column";
import type { StageData } from "@/lib/genflow/stage-data";
import type { Stage } from "@/lib/genflow/stages";

/** What a state action's writes need: the claiming transaction, its event emitter and the session. */
export type StateWriter = Pick<StateActionInput<unknown>, "tx" | "emit" | "session">;
type Writer = StateWriter;

export async function saveStageData({ tx, session }: Writer, stageData: StageData) {
  const value = toJsonColumn(stageData);
  await tx.session.update({ where: { id: session.id }, data: { stageData: value } });
  await tx.article.update({ where: { id: session.articleId }, data: { stageData: value } });
}

export async function moveToStage({ tx, emit, session }: Writer, to: Stage): Promise<ActionOutcome> {
  await tx.session.update({ where: { id: session.id }, data: { stage: to, progress: 0, currentStep: null } });
  await tx.article.update({ where: { id: session.articleId }, data: { stage: to } });
  await emit({ type: "stage.change", data: { from: session.stage, stage: to, status: "idle", progress: 0 } });
  return { result: { stage: to }, progress: 0 };
}
