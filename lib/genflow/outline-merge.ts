// The outline belongs to the writer: which sections are theirs, and how a re-run of research merges its fresh
// outline with the stored one. Pure and client-importable (the outline editor marks sections as the writer
// types, with the same rule the server stores).
import type { OutlineSection } from "@/lib/genflow/stage-data";

export const isWriterSection = (section: OutlineSection) => section.origin === "writer";

/** Titles compared as a reader would: case, width and runs of spaces do not make a different section. */
const sameTitle = (a: string) => a.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();

const samePoints = (a: string[], b: string[]) => a.length === b.length && a.every((p, i) => p === b[i]);

/**
 * The sections as the writer left them, each marked with its origin against `previous` (the stored outline):
 * a section with an id `previous` does not have was added by the writer; an AI section whose title or points
 * changed was edited by the writer (`edited`); a section the writer owned stays theirs; the rest keep theirs.
 */
export function markWriterEdits({ previous, next }: { previous: OutlineSection[]; next: { id: string; title: string; points: string[] }[] }): OutlineSection[] {
  const byId = new Map(previous.map((s) => [s.id, s]));
  return next.map(({ id, title, points }) => {
    const before = byId.get(id);
    if (!before) return { id, title, points, origin: "writer" };
    if (isWriterSection(before)) return { id, title, points, origin: "writer", ...(before.edited ? { edited: true } : {}) };
    if (before.title !== title || !samePoints(before.points, points)) return { id, title, points, origin: "writer", edited: true };
    return { id, title, points, origin: "ai" };
  });
}

/**
 * The outline after research ran again: the AI's sections are replaced by the fresh ones, the writer's are kept
 * in their place. The stored outline is read as slots in order: an AI slot takes the next fresh section, a
 * section the writer edited keeps its slot (and the fresh section there is left out: the writer's version
 * stands for it), a section the writer added sits between the slots it was between. Fresh sections beyond the
 * old slots follow at the end; a fresh section whose title one of the writer's sections already has is left
 * out (the writer has it already).
 */
export function mergeOutline({
  previous,
  fresh: proposed,
}: {
  previous: OutlineSection[];
  fresh: { id: string; title: string; points: string[] }[];
}): OutlineSection[] {
  const fresh = proposed.map(({ id, title, points }): OutlineSection => ({ id, title, points, origin: "ai" }));
  const writerTitles = new Set(previous.filter(isWriterSection).map((s) => sameTitle(s.title)));
  const merged: OutlineSection[] = [];
  let next = 0;
  for (const section of previous) {
    if (!isWriterSection(section)) {
      if (next < fresh.length) merged.push(fresh[next++]);
    } else {
      merged.push(section);
      if (section.edited) next++;
    }
  }
  merged.push(...fresh.slice(next));
  return merged.filter((s) => isWriterSection(s) || !writerTitles.has(sameTitle(s.title)));
}

type Draft = { id: string; title: string; points: string[] };

/**
 * A newer stored outline (research ran again, another tab saved) arriving while the writer has unsaved edits
 * here: the fresh outline with those edits kept, by the same rule as a re-run of research. `saved` is what this
 * editor last saved or took; what the writer changed since (`mine`) stays, the rest is the fresh outline.
 */
export function keepUnsavedEdits({ saved, mine, fresh }: { saved: Draft[]; mine: Draft[]; fresh: Draft[] }): Draft[] {
  const marked = markWriterEdits({ previous: saved.map((s): OutlineSection => ({ ...s, origin: "ai" })), next: mine });
  const merged = mergeOutline({ previous: marked, fresh });
  // A section the writer changed here may also be in the fresh outline (kept there as theirs): once, theirs.
  const writerIds = new Set(merged.filter(isWriterSection).map((s) => s.id));
  return merged.filter((s) => isWriterSection(s) || !writerIds.has(s.id)).map(({ id, title, points }) => ({ id, title, points }));
}
