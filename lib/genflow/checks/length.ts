// How long a text is, as the writer counts it: words for English, characters for Chinese. The review checks,
// the platform rules and the agents' progress all measure with this one count.
import type { Locale } from "@/lib/genflow/stages";

const ZH_CHAR = /[\p{Script=Han}\p{L}\p{N}]/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const WORD_TAIL = /^[\p{L}\p{N}'’-]*/u;

/** Words for English, characters (without whitespace and punctuation) for Chinese. */
export function countLength(text: string, language: Locale): number {
  return (text.match(language === "zh" ? ZH_CHAR : WORD) ?? []).length;
}

/**
 * `countLength` of a text that arrives in pieces, at the cost of each piece only: re-counting the whole
 * text on every streamed delta is quadratic, and a long draft then starves the server.
 */
export function createLengthCounter(language: Locale): (delta: string) => number {
  let count = 0;
  let inWord = false; // does the text so far end inside a word (which the next piece may continue)?
  return (delta) => {
    if (language === "zh") {
      count += countLength(delta, "zh");
      return count;
    }
    const rest = inWord ? delta.slice((WORD_TAIL.exec(delta)?.[0] ?? "").length) : delta;
    if (inWord && rest === "") return count;
    inWord = false;
    for (const match of rest.matchAll(WORD)) {
      count++;
      inWord = match.index + match[0].length === rest.length;
    }
    return count;
  };
}
