import { describe, expect, it } from "vitest";
import { applyChanges, computeChanges, displayDiff, mergeClean, type ProposalChange, tokenize } from "@/lib/genflow/merge";

const ids = (changes: ProposalChange[]) => changes.map((c) => c.id);
const all = (changes: ProposalChange[]) => ({ take: ids(changes) });

/** Every change's offsets point at its `current` text, and ids run c1…cN in order. */
function expectConsistent(current: string, changes: ProposalChange[]) {
  changes.forEach((c, i) => {
    expect(c.id).toBe(`c${i + 1}`);
    expect(current.slice(c.start, c.end)).toBe(c.current);
    if (i > 0) expect(c.start).toBeGreaterThanOrEqual(changes[i - 1].end);
    if (c.kind === "insert") expect(c.start).toBe(c.end);
  });
}

const HAS_LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("tokenize", () => {
  it("gives the text back and never splits a CJK character, a surrogate pair or an emoji sequence", () => {
    const text = "我们今天讨论边缘计算。它很重要！👍🏽 家庭👨‍👩‍👧 ok 𠮷野家";
    const tokens = tokenize(text);
    expect(tokens.join("")).toBe(text);
    for (const t of tokens) expect(HAS_LONE_SURROGATE.test(t)).toBe(false);
    expect(tokens).toContain("👨‍👩‍👧 ");
    expect(tokens).toContain("👍🏽 ");
    // Dictionary words, not the whole run: a one-word edit stays small.
    expect(tokens).toContain("边缘");
  });

  it("keeps Markdown markers and citations as their own tokens, spaces riding on the token before them", () => {
    expect(tokenize("## Why [1]\n  - item")).toEqual(["#", "# ", "Why ", "[", "1", "]", "\n", "  ", "- ", "item"]);
  });
});

describe("computeChanges / applyChanges", () => {
  it("applies an AI edit cleanly beside a disjoint writer edit, keeping both", () => {
    const base = "The edge is fast. It saves money.\n\nClouds are far away. They are slow.";
    const current = "The edge is fast. It saves money. Writers love it.\n\nClouds are far away. They are slow.";
    const proposed = "The edge is fast. It saves money.\n\nClouds are distant. They are slow.";
    const changes = computeChanges({ base, current, proposed });
    expect(changes).toEqual([
      {
        id: "c1",
        kind: "replace",
        start: current.indexOf("far away"),
        end: current.indexOf("far away") + 8,
        current: "far away",
        proposed: "distant",
        base: "far away",
      },
    ]);
    expect(applyChanges({ base, current, proposed, ...all(changes) })).toBe(
      "The edge is fast. It saves money. Writers love it.\n\nClouds are distant. They are slow.",
    );
  });

  it("makes overlapping edits a conflict showing both sides, and taking it takes the AI's side", () => {
    const base = "Edge computing cuts latency.\n\nIt helps factories.";
    const current = "Edge computing slashes latency.\n\nIt helps factories.";
    const proposed = "Edge computing reduces latency.\n\nIt helps factories a lot.";
    const changes = computeChanges({ base, current, proposed });
    expectConsistent(current, changes);
    expect(changes[0]).toMatchObject({ kind: "conflict", current: "slashes", proposed: "reduces", base: "cuts" });
    expect(changes[1]).toMatchObject({ kind: "insert", proposed: " a lot" });
    expect(applyChanges({ base, current, proposed, take: ["c2"] })).toBe("Edge computing slashes latency.\n\nIt helps factories a lot.");
    expect(applyChanges({ base, current, proposed, take: ["c1", "c2"] })).toBe(proposed);
    expect(mergeClean({ base, current, proposed })).toEqual({
      text: "Edge computing slashes latency.\n\nIt helps factories a lot.",
      applied: ["c2"],
      conflicts: ["c1"],
    });
  });

  it("keeps a writer's insertion that only touches an AI change, in order, without a conflict", () => {
    const base = "Heat pumps save energy.\n\nThey cost a lot.";
    const proposed = "Heat pumps save energy.\n\nThey are expensive to install.";
    const appended = `${base}\n\nMy own closing line.`;
    const after = computeChanges({ base, current: appended, proposed });
    expect(after.map((c) => c.kind)).toEqual(["replace"]);
    expect(applyChanges({ base, current: appended, proposed, ...all(after) })).toBe(`${proposed}\n\nMy own closing line.`);
    const prefixed = base.replace("They cost", "They really cost");
    const before = computeChanges({ base, current: prefixed, proposed: base.replace("cost a lot", "are pricey") });
    expect(before.map((c) => [c.kind, c.current, c.proposed])).toEqual([["replace", "cost a lot", "are pricey"]]);
    expect(applyChanges({ base, current: prefixed, proposed: base.replace("cost a lot", "are pricey"), take: ["c1"] })).toContain("They really are pricey.");
    // Both inserting at one point is a conflict: which comes first is the writer's call.
    const both = computeChanges({ base, current: `${base} Mine.`, proposed: `${base} Theirs.` });
    expect(both.map((c) => [c.kind, c.current, c.proposed])).toEqual([["conflict", ". Mine", ". Theirs"]]);
  });

  it("accepts 2 of 3 changes and leaves the third as it was", () => {
    const base = "First point is weak.\n\nSecond point is weak.\n\nThird point is weak.";
    const proposed = "First point is strong.\n\nSecond point is solid.\n\nThird point is sharp.";
    const changes = computeChanges({ base, current: base, proposed });
    expect(changes.map((c) => [c.id, c.kind, c.current, c.proposed])).toEqual([
      ["c1", "replace", "weak", "strong"],
      ["c2", "replace", "weak", "solid"],
      ["c3", "replace", "weak", "sharp"],
    ]);
    expect(applyChanges({ base, current: base, proposed, take: ["c1", "c3"] })).toBe(
      "First point is strong.\n\nSecond point is weak.\n\nThird point is sharp.",
    );
    expect(applyChanges({ base, current: base, proposed, take: [] })).toBe(base);
    expect(applyChanges({ base, current: base, proposed, take: ["nope"] })).toBe(base);
  });

  it("groups the word edits of one sentence into one change, but not across sentences or lines", () => {
    const base = "We tried the old tool for a week and it failed. Then we stopped.";
    const proposed = "We tested the new tool for a month and it worked. Then we stopped.";
    const changes = computeChanges({ base, current: base, proposed });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: "replace",
      current: "tried the old tool for a week and it failed",
      proposed: "tested the new tool for a month and it worked",
    });
    const two = computeChanges({ base: "One a.\nTwo a.", current: "One a.\nTwo a.", proposed: "One b.\nTwo b." });
    expect(two.map((c) => c.proposed)).toEqual(["b", "b"]);
  });

  it("does not group AI edits across something the writer changed between them", () => {
    const base = "alpha beta gamma delta epsilon zeta";
    const current = "alpha beta GAMMA delta epsilon zeta";
    const proposed = "ALPHA beta gamma delta epsilon ZETA";
    const changes = computeChanges({ base, current, proposed });
    expect(changes.map((c) => [c.kind, c.current, c.proposed])).toEqual([
      ["replace", "alpha", "ALPHA"],
      ["replace", "zeta", "ZETA"],
    ]);
    expect(applyChanges({ base, current, proposed, ...all(changes) })).toBe("ALPHA beta GAMMA delta epsilon ZETA");
  });

  it("keeps Markdown headings, lists and [n] citations intact through a merge", () => {
    const base = "## Why the edge\n\nLatency drops [1].\n\n- fast\n- cheap\n\n## Costs\n\nHardware costs money [2].";
    const current = "## Why the edge matters\n\nLatency drops [1].\n\n- fast\n- cheap\n- local\n\n## Costs\n\nHardware costs money [2].";
    const proposed = "## Why the edge\n\nLatency drops sharply [1][3].\n\n- fast\n- cheap\n\n## Costs and savings\n\nHardware costs money [2].";
    const changes = computeChanges({ base, current, proposed });
    expectConsistent(current, changes);
    expect(changes.every((c) => c.kind !== "conflict")).toBe(true);
    const merged = applyChanges({ base, current, proposed, ...all(changes) });
    expect(merged).toBe(
      "## Why the edge matters\n\nLatency drops sharply [1][3].\n\n- fast\n- cheap\n- local\n\n## Costs and savings\n\nHardware costs money [2].",
    );
  });

  it("merges Chinese text without splitting characters and keeps emoji surrogate pairs whole", () => {
    const base = "边缘计算降低了延迟。工厂因此受益。成本仍然很高。";
    const current = "边缘计算显著降低了延迟。工厂因此受益。成本仍然很高。";
    const proposed = "边缘计算降低了延迟。工厂因此大大受益👍🏽。成本依然很高。";
    const changes = computeChanges({ base, current, proposed });
    expectConsistent(current, changes);
    for (const c of changes) for (const t of [c.current, c.proposed, c.base]) expect(HAS_LONE_SURROGATE.test(t)).toBe(false);
    expect(changes.map((c) => c.kind)).toEqual(["replace", "replace"]);
    const merged = applyChanges({ base, current, proposed, ...all(changes) });
    expect(merged).toBe("边缘计算显著降低了延迟。工厂因此大大受益👍🏽。成本依然很高。");
    expect(applyChanges({ base, current, proposed, take: ["c1"] })).toBe("边缘计算显著降低了延迟。工厂因此大大受益👍🏽。成本仍然很高。");
  });

  it("treats a first draft into an empty article as one insert, and a writer's notes as a conflict with it", () => {
    const draft = "# Title\n\nThe first paragraph.\n\nThe second.";
    const changes = computeChanges({ base: "", current: "", proposed: draft });
    expect(changes).toEqual([{ id: "c1", kind: "insert", start: 0, end: 0, current: "", proposed: draft, base: "" }]);
    expect(applyChanges({ base: "", current: "", proposed: draft, take: ["c1"] })).toBe(draft);
    const withNotes = computeChanges({ base: "", current: "my notes", proposed: draft });
    expect(withNotes).toMatchObject([{ kind: "conflict", current: "my notes", proposed: draft }]);
  });

  it("proposes nothing when the AI changed nothing, or made the writer's own edit", () => {
    expect(computeChanges({ base: "a b", current: "a c", proposed: "a b" })).toEqual([]);
    expect(computeChanges({ base: "a b", current: "a c", proposed: "a c" })).toEqual([]);
    expect(computeChanges({ base: "a b. c d.", current: "a x. c d.", proposed: "a x. c y." })).toMatchObject([
      { kind: "replace", current: "d", proposed: "y" },
    ]);
  });

  it("reports deletions with the text they remove", () => {
    const base = "Keep this. Drop this sentence. Keep that.";
    const changes = computeChanges({ base, current: base, proposed: "Keep this. Keep that." });
    expect(changes).toMatchObject([{ kind: "delete", current: "Drop this sentence. ", proposed: "" }]);
    expect(applyChanges({ base, current: base, proposed: "Keep this. Keep that.", take: ["c1"] })).toBe("Keep this. Keep that.");
  });

  it("compares a long article rewritten throughout paragraph by paragraph, quickly", () => {
    const paragraph = (n: number, word: string) => Array.from({ length: 120 }, (_, i) => `${word}${(i * n) % 17}`).join(" ");
    const base = Array.from({ length: 200 }, (_, n) => paragraph(n, "old")).join("\n\n");
    const proposed = Array.from({ length: 200 }, (_, n) => paragraph(n, "new")).join("\n\n");
    const current = `${base}\n\nThe writer's last word.`;
    const started = performance.now();
    const changes = computeChanges({ base, current, proposed });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(changes).toHaveLength(200);
    expect(changes.every((c) => c.kind === "replace" && !c.current.includes("\n"))).toBe(true);
    expect(applyChanges({ base, current, proposed, ...all(changes) })).toBe(`${proposed}\n\nThe writer's last word.`);
  });

  it("gives the proposal back when every change is taken over an unchanged base (random texts)", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const words = ["edge", "cloud", "边缘", "计算", "👍🏽", "[1]", "## ", "\n", ". ", "fast", "慢", "。", " ", "data"];
    const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(" ");
    const mutate = (value: string) =>
      tokenize(value)
        .map((t) => (random() < 0.15 ? (random() < 0.5 ? "" : words[Math.floor(random() * words.length)]) : t))
        .join("");
    for (let round = 0; round < 60; round++) {
      const base = text(20 + Math.floor(random() * 40));
      const proposed = mutate(base);
      const changes = computeChanges({ base, current: base, proposed });
      expect(changes.every((c) => c.kind !== "conflict")).toBe(true);
      expectConsistent(base, changes);
      expect(applyChanges({ base, current: base, proposed, ...all(changes) })).toBe(proposed);
      // With a writer's edits too: taking nothing keeps the writer's text exactly; offsets stay right.
      const current = mutate(base);
      const merged = computeChanges({ base, current, proposed });
      expectConsistent(current, merged);
      expect(applyChanges({ base, current, proposed, take: [] })).toBe(current);
    }
  });
});

describe("displayDiff", () => {
  it("marks insertions and deletions over whole tokens", () => {
    expect(displayDiff("it is fast", "it is very fast")).toEqual([
      { kind: "same", text: "it is " },
      { kind: "insert", text: "very " },
      { kind: "same", text: "fast" },
    ]);
    expect(displayDiff("很重要", "非常重要")).toEqual([
      { kind: "delete", text: "很" },
      { kind: "insert", text: "非常" },
      { kind: "same", text: "重要" },
    ]);
  });
});
