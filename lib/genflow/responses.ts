// What the API answers, in zod: the domain returns these types (z.infer), the OpenAPI document is generated
// from them, the browser imports the types, and the e2e suite checks every real response against the document.
// Requests reuse the routes' own zod schemas.
import { z } from "zod";
import { ACTION_NAMES } from "@/lib/genflow/actions";
import { stageDataSchema } from "@/lib/genflow/stage-data";
import { CAPABILITIES, LOCALES, RUN_STATUSES, STAGES, STATUSES } from "@/lib/genflow/stages";

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional().describe("The x-request-id of the response: the key to the server's log lines"),
  }),
});

const progress = z.object({
  stage: z.enum(STAGES),
  status: z.enum(STATUSES),
  progress: z.number().int().min(0).max(100),
  estimatedTime: z.number().int().nullable(),
  currentStep: z.string().nullable(),
});

export const availableAction = z.object({
  id: z.string(),
  text: z.string(),
  action: z.enum(ACTION_NAMES),
  type: z.enum(["primary", "secondary"]),
});

export const sessionResponse = z.object({
  sessionId: z.string(),
  articleId: z.string(),
  title: z.string(),
  language: z.enum(LOCALES),
  progress,
  availableActions: z.array(availableAction),
  capabilities: z.array(z.enum(CAPABILITIES)),
  lastMessage: z.object({ role: z.string(), content: z.string(), createdAt: z.string() }).nullable(),
  stageData: stageDataSchema,
  context: z.record(z.string(), z.unknown()),
  errorMessage: z.string().nullable(),
  usage: z.object({ tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number(), budget: z.number().nullable() }),
  lastSeq: z.number().int(),
  expiresAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  realtime: z.object({ channel: z.string() }),
});

export type SessionResponse = z.infer<typeof sessionResponse>;

export const sessionListResponse = z.object({ items: z.array(sessionResponse), nextCursor: z.string().nullable() });

export const runResponse = z.object({
  actionId: z.string(),
  action: z.string(),
  stage: z.enum(STAGES),
  status: z.enum(RUN_STATUSES),
  progress: z.number(),
  result: z.unknown().nullable(),
  errorMessage: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  usage: z.object({ tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number() }),
  faults: z
    .record(z.string(), z.number())
    .describe(
      "Model faults this run met and retried or failed on, by kind: rate_limited, server_error, unreachable, timeout, stalled, cut, malformed, refused, other",
    ),
});
export type RunResponse = z.infer<typeof runResponse>;

// The 202 answer of POST …/actions and …/feedback (shared/DESIGN.md).
export const actionAcceptedResponse = z.object({
  actionId: z.string(),
  status: z.literal("processing"),
  progress: z.object({
    stage: z.enum(STAGES),
    status: z.enum(STATUSES),
    progress: z.number(),
    currentStep: z.string().nullable(),
    estimatedTime: z.number().nullable(),
  }),
  run: runResponse,
});
export type ActionAcceptedResponse = z.infer<typeof actionAcceptedResponse>;

const webhookEvent = z.enum(["article.published", "session.completed", "run.failed", "proposal.ready"]);
const webhookView = z.object({ id: z.string(), url: z.string(), events: z.array(webhookEvent), createdAt: z.string(), secretRotatedAt: z.string().nullable() });
export const webhookCreatedResponse = webhookView.extend({ secret: z.string().describe("whsec_…: shown only this once") });
export const webhookListResponse = z.object({ webhooks: z.array(webhookView) });
export const webhookSecretResponse = z.object({ id: z.string(), secret: z.string() });
export const webhookDeliveryListResponse = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      event: webhookEvent,
      status: z.enum(["pending", "delivered", "failed"]),
      attempts: z.number(),
      lastStatusCode: z.number().nullable(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      createdAt: z.string(),
      deliveredAt: z.string().nullable(),
    }),
  ),
});
export const publishSecretStateResponse = z.object({ configured: z.boolean() });
export const publishSecretResponse = z.object({ secret: z.string() });

export * from "@/lib/genflow/article-responses";
export * from "@/lib/genflow/proposal-responses";

const token = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const tokenCreatedResponse = token.extend({ token: z.string().describe("Shown only once") });
export const tokenListResponse = z.object({ tokens: z.array(token) });
export type TokenResponse = z.infer<typeof token>;
export type CreatedTokenResponse = z.infer<typeof tokenCreatedResponse>;

export const eventsResponse = z.object({
  events: z.array(
    z.object({
      type: z.string(),
      data: z.record(z.string(), z.unknown()),
      metadata: z.object({ timestamp: z.number(), eventId: z.string(), sessionId: z.string(), seq: z.number().int() }),
    }),
  ),
  lastSeq: z.number().int(),
});

const usage = z.object({ inputTokens: z.number(), outputTokens: z.number(), calls: z.number() });
export const suggestionsResponse = z.object({ suggestions: z.array(z.string()).max(3), usage });
export const autocompleteResponse = z.object({ completion: z.string(), usage });
export const grammarResponse = z.object({
  issues: z.array(
    z.object({
      id: z.string(),
      excerpt: z.string(),
      message: z.string(),
      replacement: z.string(),
      offset: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
    }),
  ),
  usage,
});
export type GrammarIssue = z.infer<typeof grammarResponse>["issues"][number];
