// Edits a form saves on its own (the research outline autosaves) that no action may overtake: the session panel
// flushes them before it sends an action, so "Approve and continue" or a re-run of research works on what the
// writer typed, not on what was saved a moment ago.

/** Saves what is unsaved; resolves to null when everything is saved, or to why it could not be. */
export type Flush = () => Promise<string | null>;

const pending = new Set<Flush>();

/** Registers a form's flush; the returned function unregisters it (an effect's cleanup). */
export function registerPendingSave(flush: Flush): () => void {
  pending.add(flush);
  return () => {
    pending.delete(flush);
  };
}

/** Flushes every registered form in turn; the first reason one could not save, or null. */
export async function flushPendingSaves(): Promise<string | null> {
  for (const flush of [...pending]) {
    const problem = await flush();
    if (problem) return problem;
  }
  return null;
}
