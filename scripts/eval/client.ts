// The eval's integrator: the public REST API with a bearer token, nothing else. Runs are followed by polling
// GET /sessions/{id}/actions/{actionId} (after 100, 200, 400 … ms, then every second); a 429 or 503 waits what
// its Retry-After asks.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

// What the eval reads of the API's answers (the rest is left out): a changed contract fails loudly here.
export const runViewSchema = z.object({
  actionId: z.string(),
  action: z.string(),
  status: z.string(),
  result: z.unknown(),
  errorMessage: z.string().nullable(),
  model: z.string().nullable().optional(),
});
export type RunView = z.infer<typeof runViewSchema>;
// POST …/actions answers 202 {actionId, status: "processing", progress, run}: `run` as GET shows it (a state
// action such as approve has already finished there).
const acceptedSchema = z.object({ actionId: z.string(), run: runViewSchema });

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const MAX_WAITS = 20; // 429/503 answers in a row before a request gives up

/** Seconds (or an HTTP date) of a Retry-After header, in ms; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

export class EvalClient {
  /** Answers that asked us to wait (429, 503): how polite the run had to be. */
  waits = 0;

  constructor(private readonly options: { baseUrl: string; token: string; pollMs?: number; runTimeoutMs?: number }) {}

  /** A JSON call whose answer must match `schema`. */
  async request<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    const res = await this.send(method, path, body);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) throw new ApiError(`${method} ${path} answered an unexpected body: ${z.prettifyError(parsed.error)}`, res.status);
    return parsed.data;
  }

  async text(path: string): Promise<string> {
    return (await this.send("GET", path)).text();
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.options.baseUrl.replace(/\/$/, "")}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      if ((res.status === 429 || res.status === 503) && attempt < MAX_WAITS) {
        this.waits += 1;
        await res.body?.cancel();
        await sleep(retryAfterMs(res.headers.get("retry-after")));
        continue;
      }
      if (!res.ok) throw new ApiError(`${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`, res.status);
      return res;
    }
  }

  /** Starts an action and polls its run until it ends; throws unless it succeeded. */
  async run(sessionId: string, action: string, parameters: Record<string, unknown> = {}): Promise<RunView> {
    const started = await this.request(acceptedSchema, "POST", `/api/genflow/sessions/${sessionId}/actions`, { action, parameters });
    let run = started.run;
    const deadline = Date.now() + (this.options.runTimeoutMs ?? 15 * 60_000);
    // The first polls come soon (a short step should not cost a whole interval of wall time), then every pollMs.
    for (let poll = 0; !TERMINAL.has(run.status); poll++) {
      if (Date.now() > deadline) throw new Error(`${action} did not end within ${(this.options.runTimeoutMs ?? 900_000) / 1000} s`);
      await sleep(Math.min(this.options.pollMs ?? 1000, 100 * 2 ** poll));
      run = await this.request(runViewSchema, "GET", `/api/genflow/sessions/${sessionId}/actions/${started.actionId}`);
    }
    if (run.status !== "succeeded") throw new Error(`${action} ended ${run.status}: ${run.errorMessage ?? "no message"}`);
    return run;
  }
}
