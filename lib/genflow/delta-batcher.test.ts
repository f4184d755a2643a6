// The delta batcher never leaves a silent hole: a batch the database refused is written again at the same
// offset; a fenced-out run stops at once and writes nothing more; text streamed while a batch is being written
// waits for the next flush (one batch per ~200 ms, not one per database round trip).
import { describe, expect, it, vi } from "vitest";
import { DeltaBatcher } from "@/lib/genflow/delta-batcher";
import { LeaseLostError } from "@/lib/genflow/events";

describe("DeltaBatcher", () => {
  it("writes a refused batch again at its offset, so the written text has no hole", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const written: { offset: number; text: string }[] = [];
    let calls = 0;
    const batcher = new DeltaBatcher(async (data) => {
      calls++;
      if (calls === 2) throw new Error("Connection terminated unexpectedly");
      written.push(data);
    });
    batcher.push("one ");
    await batcher.flush();
    batcher.push("two ");
    await batcher.flush(); // refused: stays pending
    batcher.push("three");
    await batcher.flush();
    batcher.close();
    expect(written).toEqual([
      { offset: 0, text: "one " },
      { offset: 4, text: "two three" },
    ]);
    expect(batcher.failures).toBe(1);
    expect(batcher.unwritten).toBe(0);
    log.mockRestore();
  });

  it("stops at the first fenced-out write and reports it", async () => {
    const lost = vi.fn();
    const emit = vi.fn(async () => {
      throw new LeaseLostError();
    });
    const batcher = new DeltaBatcher(emit, lost);
    batcher.push("late text");
    await batcher.flush();
    batcher.push("more");
    await batcher.flush();
    expect(emit).toHaveBeenCalledTimes(1);
    expect(lost).toHaveBeenCalledOnce();
    expect(batcher.unwritten).toBe(0);
  });

  it("leaves text that arrives during a write to the next timed flush, and splits none of it", async () => {
    vi.useFakeTimers();
    try {
      const written: { offset: number; text: string }[] = [];
      let release: () => void = () => {};
      const batcher = new DeltaBatcher(async (data) => {
        written.push(data);
        if (written.length === 1) await new Promise<void>((resolve) => (release = resolve));
      });
      batcher.push("first ");
      await vi.advanceTimersByTimeAsync(200); // timed flush: the first batch is being written (held)
      expect(written).toEqual([{ offset: 0, text: "first " }]);
      batcher.push("second ");
      batcher.push("third");
      release();
      await vi.advanceTimersByTimeAsync(0);
      expect(written).toHaveLength(1); // not written back to back with the first
      await vi.advanceTimersByTimeAsync(200);
      expect(written).toEqual([
        { offset: 0, text: "first " },
        { offset: 6, text: "second third" },
      ]);
      expect(batcher.unwritten).toBe(0);
      batcher.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
