import { describe, expect, it } from "vitest";
import { keepUnsavedEdits, markWriterEdits, mergeOutline } from "@/lib/genflow/outline-merge";
import type { OutlineSection } from "@/lib/genflow/stage-data";

const ai = (id: string, title: string, points: string[] = ["p"]): OutlineSection => ({ id, title, points, origin: "ai" });
const fresh = (...titles: string[]) => titles.map((title, i) => ({ id: `f${i + 1}`, title, points: [`${title} point`] }));
const titles = (sections: OutlineSection[]) => sections.map((s) => `${s.title}${s.origin === "writer" ? " (writer)" : ""}`);

describe("markWriterEdits", () => {
  const previous = [ai("a", "Intro"), ai("b", "Body"), { id: "w", title: "Mine", points: [], origin: "writer" as const }];

  it("marks a new section as added, a renamed or re-pointed AI section as edited, and leaves the rest to the AI", () => {
    const next = markWriterEdits({
      previous,
      next: [
        { id: "a", title: "Intro", points: ["p"] },
        { id: "b", title: "The body", points: ["p"] },
        { id: "n", title: "Added", points: [] },
      ],
    });
    expect(next).toEqual([
      { id: "a", title: "Intro", points: ["p"], origin: "ai" },
      { id: "b", title: "The body", points: ["p"], origin: "writer", edited: true },
      { id: "n", title: "Added", points: [], origin: "writer" },
    ]);
    expect(markWriterEdits({ previous, next: [{ id: "a", title: "Intro", points: ["p", "q"] }] })[0]).toMatchObject({ origin: "writer", edited: true });
  });

  it("keeps a writer's section theirs even when it is unchanged or moved, and an edited one edited", () => {
    const once = markWriterEdits({ previous, next: [{ id: "b", title: "Renamed", points: ["p"] }] });
    const twice = markWriterEdits({
      previous: once,
      next: [
        { id: "w", title: "Mine", points: [] },
        { id: "b", title: "Renamed", points: ["p"] },
      ],
    });
    expect(twice.map((s) => [s.id, s.origin, s.edited])).toEqual([
      ["w", "writer", undefined],
      ["b", "writer", true],
    ]);
  });

  it("reads a stored section without an origin (older rows) as the AI's", () => {
    const next = markWriterEdits({ previous: [{ id: "a", title: "Intro", points: [] }], next: [{ id: "a", title: "Intro", points: [] }] });
    expect(next[0].origin).toBe("ai");
  });
});

describe("mergeOutline", () => {
  it("with only AI sections, is the fresh outline (marked as the AI's)", () => {
    const merged = mergeOutline({ previous: [ai("a", "Old 1"), ai("b", "Old 2")], fresh: fresh("New 1", "New 2", "New 3") });
    expect(merged).toEqual(fresh("New 1", "New 2", "New 3").map((s) => ({ ...s, origin: "ai" })));
    expect(mergeOutline({ previous: [], fresh: fresh("Only") })).toEqual([{ id: "f1", title: "Only", points: ["Only point"], origin: "ai" }]);
  });

  it("keeps a section the writer added between the sections it was between", () => {
    const previous = [ai("a", "A"), { id: "w", title: "My aside", points: ["mine"], origin: "writer" as const }, ai("b", "B"), ai("c", "C")];
    const merged = mergeOutline({ previous, fresh: fresh("X", "Y", "Z") });
    expect(titles(merged)).toEqual(["X", "My aside (writer)", "Y", "Z"]);
    expect(merged[1]).toEqual(previous[1]);
  });

  it("keeps a section the writer added first or last in its place", () => {
    const previous = [
      { id: "w1", title: "Opening", points: [], origin: "writer" as const },
      ai("a", "A"),
      { id: "w2", title: "Closing", points: [], origin: "writer" as const },
    ];
    expect(titles(mergeOutline({ previous, fresh: fresh("X", "Y") }))).toEqual(["Opening (writer)", "X", "Closing (writer)", "Y"]);
  });

  it("lets a section the writer edited stand for the AI's section in its place", () => {
    const previous = [ai("a", "A"), { id: "b", title: "B, my way", points: ["p"], origin: "writer" as const, edited: true }, ai("c", "C")];
    const merged = mergeOutline({ previous, fresh: fresh("X", "Y", "Z", "W") });
    expect(titles(merged)).toEqual(["X", "B, my way (writer)", "Z", "W"]);
    expect(merged[1].id).toBe("b");
  });

  it("keeps every writer's section when the fresh outline is shorter, or empty", () => {
    const previous = [ai("a", "A"), ai("b", "B"), { id: "w", title: "Mine", points: [], origin: "writer" as const }, ai("c", "C")];
    expect(titles(mergeOutline({ previous, fresh: fresh("X") }))).toEqual(["X", "Mine (writer)"]);
    expect(titles(mergeOutline({ previous, fresh: [] }))).toEqual(["Mine (writer)"]);
  });

  it("leaves out a fresh section the writer already has under the same title (case and spaces aside)", () => {
    const previous = [ai("a", "A"), { id: "w", title: "Costs  and  benefits", points: [], origin: "writer" as const }];
    expect(titles(mergeOutline({ previous, fresh: fresh("X", "costs and Benefits", "Y") }))).toEqual(["X", "Costs  and  benefits (writer)", "Y"]);
  });

  it("keeps Chinese titles intact and compares them as they are", () => {
    const previous = [ai("a", "背景"), { id: "w", title: "我的补充", points: [], origin: "writer" as const }];
    expect(titles(mergeOutline({ previous, fresh: fresh("城市农业的兴起", "我的补充", "未来") }))).toEqual(["城市农业的兴起", "我的补充 (writer)", "未来"]);
  });

  it("is stable: merging the same fresh outline again changes nothing", () => {
    const previous = [
      ai("a", "A"),
      { id: "w", title: "Mine", points: [], origin: "writer" as const },
      { id: "b", title: "B2", points: [], origin: "writer" as const, edited: true },
    ];
    const once = mergeOutline({ previous, fresh: fresh("X", "Y", "Z") });
    expect(mergeOutline({ previous: once, fresh: fresh("X", "Y", "Z") })).toEqual(once);
    expect(titles(once)).toEqual(["X", "Mine (writer)", "B2 (writer)", "Z"]);
  });
});

describe("keepUnsavedEdits", () => {
  const draft = (id: string, title: string, points: string[] = ["p"]) => ({ id, title, points });
  const saved = [draft("a", "Intro"), draft("b", "Body")];

  it("takes the fresh outline but keeps what the writer typed since the last save, in its place", () => {
    const mine = [draft("a", "Intro"), draft("b", "My body", ["mine"]), draft("n", "Added", [])];
    const next = keepUnsavedEdits({ saved, mine, fresh: [draft("f1", "New intro"), draft("f2", "New body"), draft("f3", "New end")] });
    expect(next.map((s) => s.title)).toEqual(["New intro", "My body", "Added", "New end"]);
    expect(next[1]).toEqual(draft("b", "My body", ["mine"]));
  });

  it("with nothing unsaved it is the fresh outline", () => {
    const fresh = [draft("f1", "New intro"), draft("f2", "New body")];
    expect(keepUnsavedEdits({ saved, mine: saved, fresh })).toEqual(fresh);
  });

  it("a section the writer edits here that the fresh outline also kept appears once, as the writer has it now", () => {
    const mine = [draft("a", "Intro"), draft("b", "Body, again")];
    const next = keepUnsavedEdits({ saved, mine, fresh: [draft("f1", "New intro"), draft("b", "Body")] });
    expect(next).toEqual([draft("f1", "New intro"), draft("b", "Body, again")]);
  });
});
