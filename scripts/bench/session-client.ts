// The benchmarks' integrator: sessions and actions over the REST API with an API token, and a pusher-js client
// (the real browser SDK, in Node) that authorizes through /api/pusher/auth, records every session event with
// its arrival time, and tells when a run has ended (action.completed / error), polling slowly as a safety net
// (every 5 s; after 35 s it reads the session too, which lets the app recover a run whose process lost it).
import { performance } from "node:perf_hooks";
import Pusher from "pusher-js";
import { api, type Bench } from "./setup";

export interface SessionEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { seq: number; sessionId: string; eventId: string; timestamp: number };
}

export interface ReceivedEvent {
  event: SessionEvent;
  /** performance.now() when the client got it. */
  at: number;
}

export interface RunView {
  actionId: string;
  action: string;
  status: string;
  result: unknown;
  errorMessage: string | null;
}

export interface RunOutcome {
  status: string;
  result: unknown;
  error: string | null;
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const FALLBACK_POLL_MS = 5_000;
const RECOVER_AFTER_MS = 35_000;

export async function createSession(bench: Bench, token: string, body: Record<string, unknown> = {}): Promise<{ sessionId: string; articleId: string }> {
  return api(bench, token, "POST", "/api/genflow/sessions", body);
}

export async function startAction(bench: Bench, token: string, sessionId: string, action: string, parameters: Record<string, unknown> = {}): Promise<RunView> {
  return api(bench, token, "POST", `/api/genflow/sessions/${sessionId}/actions`, { action, parameters });
}

/** The whole event log of a session (paged by 1,000). */
export async function eventLog(bench: Bench, token: string, sessionId: string, after = 0): Promise<SessionEvent[]> {
  const all: SessionEvent[] = [];
  for (let page = 0; page < 100; page++) {
    const from = all.at(-1)?.metadata.seq ?? after;
    const { events, lastSeq } = await api<{ events: SessionEvent[]; lastSeq: number }>(
      bench,
      token,
      "GET",
      `/api/genflow/sessions/${sessionId}/events?after=${from}&limit=1000`,
    );
    all.push(...events);
    if (events.length === 0 || (all.at(-1)?.metadata.seq ?? 0) >= lastSeq) break;
  }
  return all;
}

/** One pusher-js connection for one writer; it may follow any number of that writer's sessions. */
export class RealtimeClient {
  private readonly pusher: Pusher;
  /** sessionId → events in arrival order. */
  readonly received = new Map<string, ReceivedEvent[]>();
  private readonly outcomes = new Map<string, RunOutcome>();
  private readonly runWaiters = new Map<string, (outcome: RunOutcome) => void>();
  private readonly listeners = new Set<(sessionId: string, received: ReceivedEvent) => void>();
  /** Runs whose end came from the fallback poll because their event never arrived (should stay 0). */
  polledEnds = 0;
  /** Runs still not ended after 35 s: their session gets read so the app can recover them. */
  stuckRuns = 0;

  constructor(
    private readonly bench: Bench,
    private readonly token: string,
  ) {
    const info = bench.pusher;
    if (!info) throw new Error("the bench was started without the Pusher server");
    this.pusher = new Pusher(info.key, {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: info.server.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: {
        endpoint: `${bench.url}/api/pusher/auth`,
        transport: "ajax",
        customHandler: (params, callback) => {
          fetch(`${bench.url}/api/pusher/auth`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ socket_id: params.socketId, channel_name: params.channelName }),
            signal: AbortSignal.timeout(30_000),
          })
            .then(async (res) => (res.ok ? callback(null, await res.json()) : callback(new Error(`auth ${res.status}`), null)))
            .catch((error: Error) => callback(error, null));
        },
      },
    });
  }

  /** Resolves once the server confirmed the subscription to the session's private channel. */
  subscribe(sessionId: string, timeoutMs = 30_000): Promise<void> {
    const list: ReceivedEvent[] = [];
    this.received.set(sessionId, list);
    const channel = this.pusher.subscribe(`private-session-${sessionId}`);
    channel.bind_global((name: string, live: SessionEvent) => {
      if (name.startsWith("pusher:")) return;
      // Too big for a Pusher message (an export's action.completed): the live copy only names it, and the
      // client reads the whole event from the log, as the browser's sequencer does, instead of missing the
      // run's end until the fallback poll.
      if (live.data?.tooLarge) {
        void api<{ events: SessionEvent[] }>(this.bench, this.token, "GET", `/api/genflow/sessions/${sessionId}/events?after=${live.metadata.seq - 1}&limit=1`)
          .then(({ events }) => events[0] && deliver(events[0], performance.now()))
          .catch(() => {}); // the fallback poll still sees the run's end
        return;
      }
      deliver(live, performance.now());
    });
    const deliver = (event: SessionEvent, at: number) => {
      const received = { event, at };
      list.push(received);
      this.noteRunEnd(event);
      for (const listener of this.listeners) listener(sessionId, received);
    };
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`subscribing to ${sessionId} timed out`)), timeoutMs);
      channel.bind("pusher:subscription_succeeded", () => {
        clearTimeout(timer);
        resolve();
      });
      channel.bind("pusher:subscription_error", (error: unknown) => {
        clearTimeout(timer);
        reject(new Error(`subscription refused: ${JSON.stringify(error)}`));
      });
    });
  }

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  onEvent(listener: (sessionId: string, received: ReceivedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private noteRunEnd(event: SessionEvent) {
    const actionId = typeof event.data?.actionId === "string" ? event.data.actionId : undefined;
    if (!actionId) return;
    let outcome: RunOutcome | undefined;
    if (event.type === "action.completed") outcome = { status: String(event.data.status), result: event.data.result ?? null, error: null };
    if (event.type === "error") outcome = { status: "failed", result: null, error: String(event.data.message) };
    if (!outcome) return;
    this.outcomes.set(actionId, outcome);
    this.runWaiters.get(actionId)?.(outcome);
  }

  /** The run's end, from its action.completed / error event, or (if that never comes) from polling the run. */
  async waitForRun(sessionId: string, actionId: string, timeoutMs = 300_000): Promise<RunOutcome> {
    const known = this.outcomes.get(actionId);
    if (known) return known;
    const deadline = Date.now() + timeoutMs;
    return new Promise<RunOutcome>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: RunOutcome) => {
        clearTimeout(timer);
        this.runWaiters.delete(actionId);
        resolve(outcome);
      };
      const since = Date.now();
      let stuck = false;
      const poll = async () => {
        try {
          if (!stuck && Date.now() - since > RECOVER_AFTER_MS) {
            stuck = true;
            this.stuckRuns += 1;
          }
          // A run whose process lost it (a failure it could not record) is only resumed or failed when someone
          // reads its session, as the editor does; past the lease (30 s by default) the poll does that too.
          if (stuck) await api(this.bench, this.token, "GET", `/api/genflow/sessions/${sessionId}`);
          const run = await api<RunView>(this.bench, this.token, "GET", `/api/genflow/sessions/${sessionId}/actions/${actionId}`);
          if (TERMINAL.has(run.status) && this.runWaiters.has(actionId)) {
            this.polledEnds += 1;
            return finish({ status: run.status, result: run.result, error: run.errorMessage });
          }
        } catch {
          // a slow or failed poll: the next one decides
        }
        if (!this.runWaiters.has(actionId)) return;
        if (Date.now() > deadline) {
          this.runWaiters.delete(actionId);
          return reject(new Error(`action ${actionId} did not end within ${timeoutMs / 1000} s`));
        }
        timer = setTimeout(poll, FALLBACK_POLL_MS);
      };
      this.runWaiters.set(actionId, finish);
      timer = setTimeout(poll, FALLBACK_POLL_MS);
    });
  }

  /** Starts an action and waits for its run to end; throws unless it succeeded. */
  async run(sessionId: string, action: string, parameters: Record<string, unknown> = {}): Promise<RunOutcome> {
    const run = await startAction(this.bench, this.token, sessionId, action, parameters);
    const outcome = TERMINAL.has(run.status)
      ? { status: run.status, result: run.result, error: run.errorMessage }
      : await this.waitForRun(sessionId, run.actionId);
    this.outcomes.delete(run.actionId);
    if (outcome.status !== "succeeded") throw new Error(`${action} on ${sessionId} ended ${outcome.status}: ${outcome.error}`);
    return outcome;
  }

  disconnect(): void {
    this.pusher.disconnect();
  }
}
