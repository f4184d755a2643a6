// Per-user / per-token request budget: in memory by default, shared through Redis when REDIS_URL is set.
import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

let limiter: RateLimiterAbstract | undefined;

async function getLimiter(): Promise<RateLimiterAbstract> {
  if (limiter) return limiter;
  const options = { points: env.RATE_LIMIT_POINTS, duration: env.RATE_LIMIT_WINDOW_SECONDS, keyPrefix: "genflow-rl" };
  if (env.REDIS_URL) {
    const { Redis } = await import("ioredis");
    const client = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // If Redis goes away, fall back to this process's memory instead of failing every request.
    limiter = new RateLimiterRedis({ ...options, storeClient: client, insuranceLimiter: new RateLimiterMemory(options) });
  } else {
    limiter = new RateLimiterMemory(options);
  }
  return limiter;
}

/** Spends one point of `key`'s budget; over budget → 429 with Retry-After. */
export async function consumeRateLimit(key: string): Promise<void> {
  const rl = await getLimiter();
  try {
    await rl.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError("rate_limited", `Too many requests; retry in ${seconds} s`, {
        headers: { "Retry-After": String(seconds) },
      });
    }
    throw rejection;
  }
}
