// Request budgets: in memory by default, shared through Redis when REDIS_URL is set.
// - "user": every request of a signed-in writer, whichever token or cookie it comes with;
// - "ip": requests without credentials (sign-up, health of a bad token, the 401 path itself);
// - "sign-in-*": failed sign-ins per email and per IP, checked before the password hash is computed;
// - "sign-up-*": sign-up attempts per IP and per email, spent before the password is hashed.
import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type Budget = "user" | "ip" | "sign-in-email" | "sign-in-ip" | "sign-up-email" | "sign-up-ip";

function budgetOptions(budget: Budget): { points: number; duration: number } {
  switch (budget) {
    case "user":
      return { points: env.RATE_LIMIT_POINTS, duration: env.RATE_LIMIT_WINDOW_SECONDS };
    case "ip":
      return { points: env.RATE_LIMIT_IP_POINTS, duration: env.RATE_LIMIT_WINDOW_SECONDS };
    case "sign-in-email":
      return { points: env.SIGN_IN_FAILURES_PER_EMAIL, duration: env.SIGN_IN_FAILURE_WINDOW_SECONDS };
    case "sign-in-ip":
      return { points: env.SIGN_IN_FAILURES_PER_IP, duration: env.SIGN_IN_FAILURE_WINDOW_SECONDS };
    case "sign-up-email":
      return { points: env.SIGN_UPS_PER_EMAIL, duration: env.SIGN_UP_WINDOW_SECONDS };
    case "sign-up-ip":
      return { points: env.SIGN_UPS_PER_IP, duration: env.SIGN_UP_WINDOW_SECONDS };
  }
}

const limiters = new Map<Budget, RateLimiterAbstract>();
let redis: import("ioredis").Redis | undefined;

async function getLimiter(budget: Budget): Promise<RateLimiterAbstract> {
  const existing = limiters.get(budget);
  if (existing) return existing;
  const options = { ...budgetOptions(budget), keyPrefix: `genflow-rl-${budget}` };
  let limiter: RateLimiterAbstract;
  if (env.REDIS_URL) {
    if (!redis) {
      const { Redis } = await import("ioredis");
      redis = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    }
    // If Redis goes away, fall back to this process's memory instead of failing every request.
    limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  } else {
    limiter = new RateLimiterMemory(options);
  }
  limiters.set(budget, limiter);
  return limiter;
}

function rateLimited(msBeforeNext: number, what: string): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("rate_limited", `${what}; retry in ${seconds} s`, { headers: { "Retry-After": String(seconds) } });
}

/** Spends one point of `key`'s budget; over budget → 429 with Retry-After. */
export async function consumeRateLimit(key: string, budget: Budget = "user", what = "Too many requests"): Promise<void> {
  const rl = await getLimiter(budget);
  try {
    await rl.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(rejection.msBeforeNext, what);
    throw rejection;
  }
}

/** 429 when `key` has already used its whole budget; spends nothing (for failures counted afterwards). */
export async function assertUnderLimit(key: string, budget: Budget, what: string): Promise<void> {
  const rl = await getLimiter(budget);
  const state = await rl.get(key);
  if (state && state.consumedPoints >= budgetOptions(budget).points) throw rateLimited(state.msBeforeNext, what);
}

/** Counts one failure against `key` (never throws for being over: the next check answers 429). */
export async function recordFailure(key: string, budget: Budget): Promise<void> {
  const rl = await getLimiter(budget);
  await rl.penalty(key);
}

/** Forgets a key's failures (a successful sign-in clears its email's count). */
export async function clearFailures(key: string, budget: Budget): Promise<void> {
  const rl = await getLimiter(budget);
  await rl.delete(key);
}
