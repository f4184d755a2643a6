import { describe, expect, it } from "vitest";
import { flushPendingSaves, registerPendingSave } from "@/components/workspace/pending-saves";

describe("pending saves", () => {
  it("flushes every registered form in order and resolves null when all saved", async () => {
    const order: string[] = [];
    const offA = registerPendingSave(async () => {
      order.push("a");
      return null;
    });
    const offB = registerPendingSave(async () => {
      order.push("b");
      return null;
    });
    expect(await flushPendingSaves()).toBeNull();
    expect(order).toEqual(["a", "b"]);
    offA();
    offB();
    expect(await flushPendingSaves()).toBeNull();
    expect(order).toEqual(["a", "b"]);
  });

  it("stops at the first form that could not save and says why", async () => {
    const calls: string[] = [];
    const offs = [
      registerPendingSave(async () => {
        calls.push("bad");
        return "Every section needs a title";
      }),
      registerPendingSave(async () => {
        calls.push("never");
        return null;
      }),
    ];
    expect(await flushPendingSaves()).toBe("Every section needs a title");
    expect(calls).toEqual(["bad"]);
    for (const off of offs) off();
  });
});
