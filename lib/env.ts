// Environment, validated with zod once. Every other module reads `env`, never process.env directly.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_QUERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  // GitHub Enterprise Server (https://github.example.com): its OAuth pages and its API under /api/v3.
  GITHUB_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  CRON_SECRET: optionalString,
  REDIS_URL: optionalString,
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_IP_POINTS: z.coerce.number().int().min(1).default(120),
  SIGN_IN_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  SIGN_IN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  SIGN_IN_FAILURE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  SIGN_UPS_PER_IP: z.coerce.number().int().min(1).default(10),
  SIGN_UPS_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  SIGN_UP_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(60 * 60),
  // Comma-separated origins allowed to call /api/genflow from a browser with an API token (never cookies).
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((o) => o.trim().replace(/\/$/, ""))
        .filter(Boolean),
    ),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(1).default(120),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  GENFLOW_SESSION_TOKEN_BUDGET: z.coerce.number().int().min(0).default(0),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_API_MODE: z
    .enum(["responses", "chat"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  GENFLOW_MODEL: optionalString,
  GENFLOW_MODEL_TOPIC: optionalString,
  GENFLOW_MODEL_RESEARCH: optionalString,
  GENFLOW_MODEL_WRITING: optionalString,
  GENFLOW_MODEL_STYLING: optionalString,
  GENFLOW_MODEL_REVIEW: optionalString,
  GENFLOW_MODEL_PUBLISH: optionalString,
  // USD per million tokens, "input/output"; overrides the built-in price table for every model.
  GENFLOW_PRICE_PER_MTOK: optionalString,
  GENFLOW_RUN_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  GENFLOW_MODEL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(900).default(120),
  GENFLOW_MODEL_IDLE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  GENFLOW_RUN_MAX_SECONDS: z.coerce.number().int().min(5).max(7200).default(900),
  TAVILY_API_KEY: optionalString,
  FETCH_ALLOW_PRIVATE_HOSTS: bool,
  PUSHER_APP_ID: optionalString,
  PUSHER_KEY: optionalString,
  PUSHER_SECRET: optionalString,
  PUSHER_CLUSTER: optionalString,
  PUSHER_HOST: optionalString,
  PUSHER_PORT: z.coerce.number().int().optional(),
  // The browser's Pusher host and port, read at request time (for the CSP's connect-src and the client).
  NEXT_PUBLIC_PUSHER_HOST: optionalString,
  NEXT_PUBLIC_PUSHER_PORT: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).optional()),
  ALLOW_INSECURE_DEV_SECRET: bool,
  // Operations (issue 12): logs, traces, the stale-run sweep, the build label /api/health reports.
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  GENFLOW_RUN_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  GENFLOW_BUILD_VERSION: optionalString,
  VERCEL_GIT_COMMIT_SHA: optionalString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString,
  VERCEL_OTEL_ENDPOINTS: optionalString,
  OTEL_SERVICE_NAME: optionalString,
});

export type Env = z.infer<typeof schema>;

function loadEnv(): Env & { NEXTAUTH_SECRET: string } {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  if (!value.NEXTAUTH_SECRET) {
    // A fixed secret is fine for a local machine and tests; a production deploy must set its own.
    if (value.NODE_ENV === "production" && !value.ALLOW_INSECURE_DEV_SECRET && process.env.NEXT_PHASE !== "phase-production-build") {
      throw new Error("NEXTAUTH_SECRET is required in production (openssl rand -base64 32)");
    }
  }
  // Always a secret from here on: its type says so, so no caller signs with an empty key.
  return { ...value, NEXTAUTH_SECRET: value.NEXTAUTH_SECRET ?? "genflow-dev-secret-change-me" };
}

export const env = loadEnv();
