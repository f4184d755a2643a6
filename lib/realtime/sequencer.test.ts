import { describe, expect, it } from "vitest";
import { EventSequencer, type SequencedEvent } from "@/lib/realtime/sequencer";

const event = (seq: number): SequencedEvent => ({
  type: "progress.update",
  data: { seq },
  metadata: { seq, sessionId: "s", eventId: `e${seq}`, timestamp: seq },
});

function setup(log: SequencedEvent[], initial = 0) {
  const applied: number[] = [];
  let fetches = 0;
  const sequencer = new EventSequencer(
    initial,
    (e) => applied.push(e.metadata.seq),
    async (after) => {
      fetches++;
      const events = log.filter((e) => e.metadata.seq > after);
      return { events, lastSeq: log.at(-1)?.metadata.seq ?? 0 };
    },
  );
  return { sequencer, applied, fetches: () => fetches };
}

describe("EventSequencer", () => {
  it("applies live events in order and drops duplicates without fetching", () => {
    const { sequencer, applied, fetches } = setup([]);
    for (const seq of [1, 2, 2, 3, 1]) sequencer.receive(event(seq));
    expect(applied).toEqual([1, 2, 3]);
    expect(fetches()).toBe(0);
  });

  it("fills a gap from the log, then applies what was buffered, each event once", async () => {
    const log = [1, 2, 3, 4, 5].map(event);
    const { sequencer, applied } = setup(log);
    sequencer.receive(event(1));
    sequencer.receive(event(4));
    sequencer.receive(event(5));
    await sequencer.catchUp();
    expect(applied).toEqual([1, 2, 3, 4, 5]);
  });

  it("catches up after a reconnect from the last applied seq", async () => {
    const log = Array.from({ length: 30 }, (_, i) => event(i + 1));
    const { sequencer, applied } = setup(log, 10);
    await sequencer.catchUp();
    expect(applied).toEqual(log.slice(10).map((e) => e.metadata.seq));
    expect(sequencer.seq).toBe(30);
  });
});

describe("EventSequencer with oversized events", () => {
  it("fetches an event that was too big for Pusher from the log instead of applying the stand-in", async () => {
    const full = { ...event(2), data: { content: "x".repeat(20_000) } };
    const { sequencer, applied } = setup([event(1), full]);
    sequencer.receive(event(1));
    sequencer.receive({ ...event(2), data: { tooLarge: true } });
    await sequencer.catchUp();
    expect(applied).toEqual([1, 2]);
  });
});
