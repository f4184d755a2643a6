// A revision's note (written by the server in English, e.g. "style formal for blog") in the interface language.
// Notes this does not recognise are shown as they were written.
import type { Dictionary } from "@/lib/i18n";

type Names = Record<string, string>;

export function describeRevisionNote(note: string, t: Pick<Dictionary, "revisionNotes" | "presetNames" | "platformNames">): string {
  const n = t.revisionNotes;
  const name = (names: Names, id: string) => names[id] ?? id;
  if (note === "created" || note === "draft" || note === "revised") return n[note];
  let m = /^revised section (.+)$/.exec(note);
  if (m) return n.revisedSection.replace("{id}", m[1]);
  m = /^style (\S+) for (\S+)$/.exec(note);
  if (m) return n.style.replace("{preset}", name(t.presetNames, m[1])).replace("{platform}", name(t.platformNames, m[2]));
  m = /^fixes (.+)$/.exec(note);
  if (m) return n.fixes.replace("{ids}", m[1]);
  m = /^restored version (\d+)$/.exec(note);
  if (m) return n.restored.replace("{v}", m[1]);
  // An AI helper's edit the writer took in the editor (saved with source "capability").
  if (note === "grammar fix") return n.grammarFix;
  if (/^suggestion: \S+$/.test(note)) return n.suggestion;
  // An accepted (or automatically merged) proposal: the changes taken, then the AI's own note, described too.
  m = /^(accepted|merged) (the title|c\d+(?:, c\d+)*) of (.+)$/.exec(note);
  if (m) {
    const inner = describeRevisionNote(m[3], t);
    if (m[2] === "the title") return n[m[1] === "accepted" ? "acceptedTitle" : "mergedTitle"].replace("{note}", inner);
    return n[m[1] === "accepted" ? "accepted" : "merged"].replace("{ids}", m[2]).replace("{note}", inner);
  }
  return note;
}
