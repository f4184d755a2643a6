// Targeted review fixes: where each issue's passage is in the current text, and the text with replacements
// spliced in. Pure and client-safe: the editor disables a fix whose excerpt is gone with the same test the
// server refuses it with.

export interface FixableIssue {
  id: string;
  excerpt: string;
  /** Where the excerpt was when the review ran (UTF-16 offsets), if it was found then. */
  position?: { start: number; end: number } | null;
}

export interface Passage {
  start: number;
  end: number;
}

/**
 * Where the issue's excerpt is in `text`: at its recorded position when it is still there, else its first
 * occurrence; null when the excerpt is empty or no longer in the text (the fix cannot be applied).
 */
export function findFixPassage(issue: FixableIssue, text: string): Passage | null {
  const { excerpt, position } = issue;
  if (!excerpt.trim()) return null;
  if (position && text.slice(position.start, position.end) === excerpt) return { start: position.start, end: position.end };
  const start = text.indexOf(excerpt);
  return start < 0 ? null : { start, end: start + excerpt.length };
}

/** Whether a fix can be applied to `text`: its excerpt is there. */
export function isFixApplicable(issue: FixableIssue, text: string): boolean {
  return findFixPassage(issue, text) !== null;
}

/**
 * The passages of several fixes, or the ids that cannot be applied: an excerpt gone from the text, or two
 * fixes whose passages overlap (the second would rewrite what the first already rewrote).
 */
export function locateFixes<I extends FixableIssue>(issues: I[], text: string): { located: (Passage & { issue: I })[]; refused: string[] } {
  const located: (Passage & { issue: I })[] = [];
  const refused: string[] = [];
  for (const issue of issues) {
    const passage = findFixPassage(issue, text);
    if (!passage || located.some((p) => passage.start < p.end && p.start < passage.end)) refused.push(issue.id);
    else located.push({ ...passage, issue });
  }
  return { located: located.sort((a, b) => a.start - b.start), refused };
}

/** `text` with each passage replaced (passages must not overlap); the rest of the text is kept byte for byte. */
export function spliceReplacements(text: string, replacements: (Passage & { text: string })[]): string {
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const r of sorted) {
    if (r.start < at || r.end < r.start || r.end > text.length) throw new RangeError(`overlapping or out-of-range passage ${r.start}–${r.end}`);
    out += text.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + text.slice(at);
}

/** A rewritten passage keeps the whitespace around the excerpt it replaces (a model trims or adds some). */
export function keepSurroundingWhitespace(excerpt: string, rewritten: string): string {
  const lead = /^\s*/.exec(excerpt)?.[0] ?? "";
  const trail = /\s*$/.exec(excerpt)?.[0] ?? "";
  return `${lead}${rewritten.trim()}${trail}`;
}
