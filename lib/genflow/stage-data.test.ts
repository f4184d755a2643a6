import { describe, expect, it } from "vitest";
import { readStageData } from "@/lib/genflow/stage-data";

describe("stageData", () => {
  it("parses each stage's slice, keeping fields it does not know", () => {
    const data = readStageData({
      topic: { topics: [{ id: "t1", title: "Edge AI" }], selected: { id: "t1", title: "Edge AI" }, note: "kept" },
      writing: { targetLength: 1200, tone: null, length: 1180 },
    });
    expect(data.topic?.selected?.title).toBe("Edge AI");
    expect(data.topic?.note).toBe("kept");
    expect(data.writing?.targetLength).toBe(1200);
  });

  it("drops a slice that does not parse, and only that slice", () => {
    const data = readStageData({ research: { outline: "not a list" }, review: { score: 80, issues: [] } });
    expect(data.research).toBeUndefined();
    expect(data.review).toEqual({ score: 80, issues: [] });
  });

  it("reads anything that is not an object as empty", () => {
    expect(readStageData(null)).toEqual({});
    expect(readStageData("text")).toEqual({});
    expect(readStageData([1, 2])).toEqual({});
  });
});
