import { describe, expect, it } from "vitest";
import { approveBlocker, describeStep } from "@/components/workspace/labels";
import { en } from "@/lib/locales/en";
import { zh } from "@/lib/locales/zh";

describe("describeStep", () => {
  it("shows action names and the server's fixed steps in the interface language", () => {
    expect(describeStep("discover_topics", en)).toBe("Discover topics");
    expect(describeStep("discover_topics", zh)).toBe("发现话题");
    expect(describeStep("topic selected", zh)).toBe("已选定话题");
    expect(describeStep("published", en)).toBe("Published");
    expect(describeStep("queued", zh)).toBe("排队中");
  });

  it("keeps an agent's (already translated) step and hides any other identifier", () => {
    expect(describeStep("Drafting along the outline", en)).toBe("Drafting along the outline");
    expect(describeStep("some_internal_step", en)).toBeNull();
    expect(describeStep(null, en)).toBeNull();
  });

  it("has every action name in both catalogues", () => {
    expect(Object.keys(zh.actionNames).sort()).toEqual(Object.keys(en.actionNames).sort());
  });
});

describe("approveBlocker", () => {
  it("asks for a chosen topic, an outline, then a draft", () => {
    expect(approveBlocker("topic", {}, false)).toBe("needsTopic");
    expect(approveBlocker("topic", { topic: { selected: { id: "t1", title: "T" } } }, false)).toBeNull();
    expect(approveBlocker("research", { research: { outline: [] } }, false)).toBe("needsOutline");
    expect(approveBlocker("research", { research: { outline: [{ id: "s1", title: "A", points: [] }] } }, false)).toBeNull();
    expect(approveBlocker("writing", {}, false)).toBe("needsDraft");
    expect(approveBlocker("writing", {}, true)).toBeNull();
    expect(approveBlocker("publish", {}, false)).toBeNull();
  });
});
