import { describe, expect, it } from "vitest";
import { ACTIONS, STAGE_ACTIONS, errorActionsAt, findAction, withSessionDefaults } from "@/lib/genflow/actions";
import { parseParameters } from "@/lib/genflow/actions/define";
import { STAGES } from "@/lib/genflow/stages";

describe("action registry", () => {
  const discover = ACTIONS.find((a) => a.name === "discover_topics");

  it("fills discover_topics' category from the session's language; the writer's own category wins", () => {
    if (!discover) throw new Error("discover_topics is not registered");
    const parse = (parameters: Record<string, unknown>, language: "en" | "zh") =>
      parseParameters(discover, withSessionDefaults({ action: discover, parameters, language }));
    expect(parse({}, "en")).toEqual({ category: "technology", count: 5 });
    expect(parse({ count: 3 }, "zh")).toEqual({ category: "技术", count: 3 });
    expect(parse({ category: undefined }, "zh")).toEqual({ category: "技术", count: 5 });
    expect(parse({ category: "travel" }, "zh")).toEqual({ category: "travel", count: 5 });
  });

  it("leaves the parameters of actions without session defaults as sent", () => {
    const approve = findAction("approve");
    if (!approve) throw new Error("approve is not registered");
    const parameters = { stage: "topic" };
    expect(withSessionDefaults({ action: approve, parameters, language: "en" })).toBe(parameters);
  });

  it("offers retry only in error, never among a stage's buttons; go back only past the first stage", () => {
    for (const stage of STAGES) expect(STAGE_ACTIONS[stage].map((a) => a.name)).not.toContain("retry");
    expect(errorActionsAt("topic").map((a) => a.name)).toEqual(["retry"]);
    for (const stage of STAGES.slice(1)) expect(errorActionsAt(stage).map((a) => a.name)).toEqual(["retry", "go_to_stage"]);
  });
});
