import { describe, expect, it } from "vitest";
import { acceptAllPlan, changeKey } from "@/components/workspace/proposal-store";

const change = (id: string, kind: "insert" | "replace" | "conflict", proposed: string) => ({
  id,
  kind,
  base: "",
  current: kind === "conflict" ? "mine" : "",
  proposed,
});

describe("acceptAllPlan", () => {
  it("without overlaps: every change id", () => {
    expect(acceptAllPlan([change("c1", "insert", "a"), change("c2", "replace", "b")])).toEqual({ ids: ["c1", "c2"] });
  });

  it("never takes the AI's side of an undecided overlap: the rest is marked accepted, the overlap left undecided", () => {
    const changes = [change("c1", "insert", "a"), change("c2", "conflict", "b"), change("c3", "conflict", "c")];
    const plan = acceptAllPlan(changes);
    expect(plan).toEqual({ decisions: { [changeKey(changes[0])]: "accept" }, overlaps: 2 });
  });

  it("keeps the writer's earlier decisions and counts only the overlaps still open", () => {
    const changes = [change("c1", "insert", "a"), change("c2", "conflict", "b"), change("c3", "conflict", "c")];
    const plan = acceptAllPlan(changes, { [changeKey(changes[1])]: "reject" });
    expect(plan).toEqual({ decisions: { [changeKey(changes[0])]: "accept", [changeKey(changes[1])]: "reject" }, overlaps: 1 });
  });

  it("once every overlap is decided: the clean changes plus the overlaps the writer accepted", () => {
    const changes = [change("c1", "insert", "a"), change("c2", "conflict", "b"), change("c3", "conflict", "c")];
    const decisions = { [changeKey(changes[1])]: "reject" as const, [changeKey(changes[2])]: "accept" as const };
    expect(acceptAllPlan(changes, decisions)).toEqual({ ids: ["c1", "c3"] });
  });
});
