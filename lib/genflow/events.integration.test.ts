import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listEvents, recordEvent, transactWithEvents } from "@/lib/genflow/events";
import { createSession } from "@/lib/genflow/sessions";
import { createTestUser } from "@/scripts/test/factories";

async function newSession() {
  const user = await createTestUser();
  const { sessionId } = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
  return sessionId;
}

describe("the session's event log", () => {
  it("gives standalone and transactional events one gap-free seq, in call order, stamped with the current UTC time", async () => {
    const sessionId = await newSession();
    const before = Date.now();
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => recordEvent(sessionId, { type: "draft.delta", data: { offset: i, text: "x" } })),
      transactWithEvents(sessionId, async (_tx, emit) => emit({ type: "action.completed", data: { n: 1 } })),
      recordEvent(sessionId, { type: "draft.delta", data: { offset: 10, text: "y" } }),
    ]);
    const events = await listEvents({ sessionId, after: 0 });
    expect(events.map((e) => e.metadata.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual([...Array(10).fill("draft.delta"), "action.completed", "draft.delta"]);
    expect(events.slice(0, 10).map((e) => e.data.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const event of events) {
      expect(event.metadata.timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(event.metadata.timestamp).toBeLessThanOrEqual(Date.now() + 1);
    }
    const session = await db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { lastSeq: true, updatedAt: true } });
    expect(session.lastSeq).toBe(12);
    expect(Math.abs(session.updatedAt.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it("writes a progress step on the session only while it is processing; the event is logged either way", async () => {
    const sessionId = await newSession();
    await db.session.update({ where: { id: sessionId }, data: { status: "processing" } });
    await recordEvent(sessionId, { type: "progress.update", data: { progress: 40 } }, { progress: 40, currentStep: "Writing", estimatedTime: 12 });
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { progress: true, currentStep: true, estimatedTime: true } })).toEqual({
      progress: 40,
      currentStep: "Writing",
      estimatedTime: 12,
    });
    // A late step from a run cancelled meanwhile leaves the idle session as it is.
    await db.session.update({ where: { id: sessionId }, data: { status: "idle", progress: 0, currentStep: null, estimatedTime: null } });
    await recordEvent(sessionId, { type: "progress.update", data: { progress: 60 } }, { progress: 60, currentStep: "Writing", estimatedTime: 5 });
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { progress: true, currentStep: true, estimatedTime: true } })).toEqual({
      progress: 0,
      currentStep: null,
      estimatedTime: null,
    });
    expect((await listEvents({ sessionId, after: 0 })).map((e) => e.data.progress)).toEqual([40, 60]);
  });

  it("refuses an event for a session that no longer exists, and logs nothing", async () => {
    const sessionId = await newSession();
    await db.session.delete({ where: { id: sessionId } });
    await expect(recordEvent(sessionId, { type: "draft.delta", data: { offset: 0, text: "x" } })).rejects.toMatchObject({ code: "not_found" });
    expect(await db.event.count({ where: { sessionId } })).toBe(0);
  });
});
