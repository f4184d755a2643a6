// The merges behind autosave: a version saved elsewhere (theirs) against the writer's text (mine), both from
// the version the writer's text is based on (base) — lib/genflow/merge.ts, loaded when a merge is needed (its
// diff libraries stay out of the page's first load).
import { same } from "@/components/editor/autosave-backup";
import type { Conflict, Snapshot } from "@/components/editor/autosave-types";

const loadMerge = () => import("@/lib/genflow/merge");

export /** base → theirs → mine: the clean merge now, the overlaps for the writer. */
async function threeWay(base: Snapshot, theirs: Snapshot, mine: Snapshot) {
  const { applyChanges, computeChanges } = await loadMerge();
  const input = { base: base.content, current: theirs.content, proposed: mine.content };
  const changes = computeChanges(input);
  const overlaps = changes.filter((c) => c.kind === "conflict");
  const titleOverlap =
    mine.title !== base.title && theirs.title !== base.title && mine.title !== theirs.title ? { mine: mine.title, theirs: theirs.title } : null;
  const title = mine.title !== base.title ? mine.title : theirs.title;
  // The writer's side of each overlap stays in the editor until they choose.
  const provisional = { title, content: applyChanges({ ...input, take: changes.map((c) => c.id) }) };
  return { overlaps, titleOverlap, provisional };
}

/**
 * The writer's choices applied: an overlap taken as theirs replaces the writer's side in `provisional`; what the
 * writer typed since (`now`) is merged in as well, so nothing typed while choosing is lost.
 */
export async function applyChoices({
  base,
  mine,
  provisional,
  conflict,
  now,
}: {
  base: Snapshot;
  mine: Snapshot;
  provisional: Snapshot;
  conflict: Conflict;
  now: Snapshot;
}): Promise<Snapshot> {
  const { applyChanges, computeChanges, mergeClean } = await loadMerge();
  const input = { base: base.content, current: conflict.theirs.content, proposed: mine.content };
  const take = computeChanges(input)
    .filter((x) => x.kind !== "conflict" || conflict.choices[x.id] !== "theirs")
    .map((x) => x.id);
  const chosenTitle = conflict.titleOverlap && conflict.choices.title === "theirs" ? conflict.theirs.title : provisional.title;
  const chosen = applyChanges({ ...input, take });
  if (same(now, provisional)) return { title: chosenTitle, content: chosen };
  return {
    title: now.title === provisional.title ? chosenTitle : now.title,
    content: mergeClean({ base: provisional.content, current: now.content, proposed: chosen }).text,
  };
}
