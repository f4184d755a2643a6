// A revision's note (written by the server in English, e.g. "style formal for blog") in the interface language.
// Internal identifiers in a note (section ids, review issue ids, proposal change ids, action and platform names)
// never reach the screen: they become a count or a plain phrase. Notes this does not recognise are shown as they were written.
import type { Dictionary } from "@/lib/i18n";

type Names = Record<string, string>;

const count = (ids: string) => String(ids.split(",").filter((id) => id.trim()).length);

// An action's identifier (a proposal with no note of its own is described by the action that made it).
const ACTION_ID = /^[a-z]+(?:_[a-z]+)+$/;

export function describeRevisionNote(note: string, t: Pick<Dictionary, "revisionNotes" | "presetNames" | "platformNames" | "actionNames">): string {
  const n = t.revisionNotes;
  const name = (names: Names, id: string) => names[id] ?? id;
  if (note === "created" || note === "draft" || note === "revised") return n[note];
  if (/^revised section .+$/.test(note)) return n.revisedSection;
  if (note === "title from topic") return n.titleFromTopic;
  let m = /^style (\S+) for (\S+)$/.exec(note);
  if (m) return n.style.replace("{preset}", name(t.presetNames, m[1])).replace("{platform}", name(t.platformNames, m[2]));
  m = /^fixes (.+)$/.exec(note);
  if (m) return n.fixes.replace("{n}", count(m[1]));
  m = /^restored version (\d+)$/.exec(note);
  if (m) return n.restored.replace("{v}", m[1]);
  // An AI helper's edit the writer took in the editor (saved with source "capability").
  if (note === "grammar fix") return n.grammarFix;
  // The instruction may be the writer's own words ("suggestion: make it warmer").
  if (/^suggestion: .+$/s.test(note)) return n.suggestion;
  // A platform variant applied to the article (lib/genflow/variants.ts).
  m = /^variant (\S+) v(\d+)$/.exec(note);
  if (m) return n.variant.replace("{platform}", name(t.platformNames, m[1])).replace("{v}", m[2]);
  if (note === "a proposal") return n.aProposal;
  const actions: Names = t.actionNames;
  if (ACTION_ID.test(note)) return actions[note] ?? n.otherAction;
  // An accepted (or automatically merged) proposal: the changes taken, then the AI's own note, described too.
  m = /^(accepted|merged) (the title|c\d+(?:, c\d+)*) of (.+)$/.exec(note);
  if (m) {
    const inner = describeRevisionNote(m[3], t);
    if (m[2] === "the title") return n[m[1] === "accepted" ? "acceptedTitle" : "mergedTitle"].replace("{note}", inner);
    return n[m[1] === "accepted" ? "accepted" : "merged"].replace("{n}", count(m[2])).replace("{note}", inner);
  }
  return note;
}
