// A revision's note (written by the server in English, e.g. "style formal for blog") in the interface language.
// Internal identifiers in a note (section ids, review issue ids, proposal change ids) never reach the screen:
// they become a count or a plain phrase. Notes this does not recognise are shown as they were written.
import type { Dictionary } from "@/lib/i18n";

type Names = Record<string, string>;

const count = (ids: string) => String(ids.split(",").filter((id) => id.trim()).length);

export function describeRevisionNote(note: string, t: Pick<Dictionary, "revisionNotes" | "presetNames" | "platformNames">): string {
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
  // A proposal taken in part: "accepted c1, c3 of <the run's note>".
  m = /^accepted ((?:c\d+(?:,\s*)?)+) of (.+)$/.exec(note);
  if (m) return n.accepted.replace("{n}", count(m[1])).replace("{note}", describeRevisionNote(m[2], t));
  return note;
}
