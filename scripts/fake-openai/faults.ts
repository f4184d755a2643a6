// Fault and latency configuration: what the server should do wrong, and how slowly.
// Precedence per generation request: `x-fake-fault` header > queued faults > random rate.
import { createRng, type Rng } from "./text";

// "stall": headers and a few chunks, then silence with the socket open (a model that hangs mid-answer).
export const FAULT_KINDS = ["429", "500", "hang", "malformed", "cut", "stall"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  /** Share of generation requests that fail (0..1), drawn from a PRNG seeded with `seed`. */
  rate?: number;
  /** Kinds drawn at `rate`. Default excludes "hang", which would stall callers without timeouts. */
  kinds?: FaultKind[];
  seed?: number;
  /** Faults for the next requests, one per request, before `rate` applies (deterministic e2e setups). */
  queue?: FaultKind[];
  /** Retry-After (seconds) sent with a 429; default 1. Header `x-fake-retry-after` overrides per request. */
  retryAfterSeconds?: number;
  /** Chunks a "stall" sends before going silent; default 3. Header `x-fake-stall-after` overrides. */
  stallAfterChunks?: number;
}

export interface LatencyConfig {
  /** Delay before the first token (streams) or added to the total (non-streaming). */
  ttftMs?: number;
  /** Output speed; undefined or ≤ 0 means instant. */
  tokensPerSecond?: number;
}

export const DEFAULT_RATE_KINDS: FaultKind[] = ["429", "500", "malformed", "cut"];

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

export class FaultPlanner {
  private config: FaultConfig = {};
  private queue: FaultKind[] = [];
  private rng: Rng = createRng(0);

  constructor(config: FaultConfig | undefined) {
    this.set(config ?? {});
  }

  set(config: FaultConfig): void {
    const bad = [...(config.kinds ?? []), ...(config.queue ?? [])].filter((k) => !isFaultKind(k));
    if (bad.length > 0) throw new Error(`Unknown fault kind(s): ${bad.join(", ")}`);
    if (config.rate !== undefined && !(config.rate >= 0 && config.rate <= 1)) {
      throw new Error(`Fault rate must be within 0..1, got ${config.rate}`);
    }
    this.config = { ...config };
    this.queue = [...(config.queue ?? [])];
    // Re-seeding on every change makes "setFaults({rate, seed}) then N calls" reproducible.
    this.rng = createRng(config.seed ?? 1);
  }

  get(): FaultConfig {
    return { ...this.config, queue: [...this.queue] };
  }

  /** Decides the fault for one generation request. `header` is the raw `x-fake-fault` value. */
  next(header: string | undefined): FaultKind | undefined {
    const forced = header?.trim().toLowerCase();
    if (forced) {
      if (forced === "none") return undefined;
      if (isFaultKind(forced)) return forced;
    }
    const queued = this.queue.shift();
    if (queued) return queued;
    const rate = this.config.rate ?? 0;
    if (rate <= 0) return undefined;
    const roll = this.rng();
    const kinds = this.config.kinds?.length ? this.config.kinds : DEFAULT_RATE_KINDS;
    const kindRoll = this.rng();
    return roll < rate ? kinds[Math.floor(kindRoll * kinds.length)] : undefined;
  }
}

/** `x-fake-latency: ttft=200,tps=50` → overrides for this request only. */
export function parseLatencyHeader(value: string | undefined): LatencyConfig {
  const out: LatencyConfig = {};
  for (const part of (value ?? "").split(",")) {
    const [key, raw] = part.split("=").map((s) => s.trim().toLowerCase());
    const n = Number(raw);
    if (!Number.isFinite(n)) continue;
    if (key === "ttft" || key === "ttftms") out.ttftMs = n;
    if (key === "tps" || key === "tokenspersecond") out.tokensPerSecond = n;
  }
  return out;
}

/** Keeps only finite, non-negative numbers: admin POST bodies are untrusted JSON. */
export function normalizeLatency(value: unknown): LatencyConfig {
  const obj = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
  return { ttftMs: num(obj.ttftMs), tokensPerSecond: num(obj.tokensPerSecond) };
}

/** Milliseconds from the first token until output token `tokensSoFar` is due. */
export function tokenDelayMs(latency: LatencyConfig, tokensSoFar: number): number {
  const tps = latency.tokensPerSecond;
  return tps && tps > 0 ? (tokensSoFar / tps) * 1000 : 0;
}
