import { describe, expect, it } from "vitest";
import { countLength, createLengthCounter } from "@/lib/genflow/checks/length";

const EN =
  "It's a well-known fact: rooftop farms—like Brooklyn's—grow 40 kinds of greens. Don't they? Yes -- mostly.\n\n## Why roofs\nA ‘quiet’ revolution, 2026 style.";
const ZH = "屋顶农场正在改变城市。2026年，纽约有40多个屋顶农场！Rooftop 农业？是的。";

/** Splits `text` at pseudo-random points (a fixed seed), like a model's stream of deltas. */
function split(text: string, seed: number): string[] {
  const pieces: string[] = [];
  let state = seed;
  for (let i = 0; i < text.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 7);
    pieces.push(text.slice(i, i + size));
    i += size;
  }
  return pieces;
}

describe("createLengthCounter", () => {
  it.each([
    ["en", EN],
    ["zh", ZH],
  ] as const)("counts a streamed %s text exactly as countLength counts the whole, however it is split", (language, text) => {
    for (let seed = 1; seed <= 50; seed++) {
      const count = createLengthCounter(language);
      let last = 0;
      for (const piece of split(text, seed)) last = count(piece);
      expect(last, `seed ${seed}`).toBe(countLength(text, language));
    }
  });

  it("keeps a word split across deltas as one word, and counts the running total at every delta", () => {
    const count = createLengthCounter("en");
    expect(count("Roof")).toBe(1);
    expect(count("top")).toBe(1);
    expect(count("'s ")).toBe(1);
    expect(count("-")).toBe(1);
    expect(count("farms")).toBe(2);
    expect(count("")).toBe(2);
  });
});
