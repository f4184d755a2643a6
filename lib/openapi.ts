// The OpenAPI 3.1 document of /api/genflow, generated from the same zod schemas the routes validate with.
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { ACTIONS } from "@/lib/genflow/actions";
import * as caps from "@/lib/genflow/capability-schemas";
import * as req from "@/lib/genflow/schemas";
import { createSessionSchema } from "@/lib/genflow/sessions";
import * as res from "@/lib/genflow/responses";
import { createWebhookSchema, deliveriesQuery } from "@/lib/genflow/webhooks/endpoints";

type Method = "get" | "post" | "patch" | "delete";

interface Operation {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  /** Non-JSON answers (no schema): their media types. */
  contentTypes?: string[];
  /** Also answers an event stream (200, text/event-stream) to `Accept: text/event-stream`. */
  streams?: boolean;
}

// One request body per action of the registry: its name and its parameters' schema.
const actionRequest = z.union(
  ACTIONS.map((a) => req.actionRequestSchema.extend({ action: z.literal(a.name), parameters: a.parameters }).meta({ title: a.name })),
);

export const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/sessions",
    tag: "sessions",
    summary: "Start a session (creates an article when articleId is absent)",
    body: createSessionSchema,
    response: res.sessionResponse,
    status: 201,
  },
  { method: "get", path: "/sessions", tag: "sessions", summary: "List the caller's sessions", query: req.listSessionsQuery, response: res.sessionListResponse },
  {
    method: "get",
    path: "/sessions/{id}",
    tag: "sessions",
    summary: "A session's progress, actions, capabilities, stage data and usage",
    response: res.sessionResponse,
  },
  { method: "delete", path: "/sessions/{id}", tag: "sessions", summary: "End a session (the article stays)", status: 204 },
  {
    method: "post",
    path: "/sessions/{id}/actions",
    tag: "actions",
    summary: "Run an action of the session's stage (in `error`: `retry` or `go_to_stage`)",
    body: actionRequest,
    response: res.actionAcceptedResponse,
    status: 202,
    streams: true,
  },
  { method: "get", path: "/sessions/{id}/actions/{actionId}", tag: "actions", summary: "An action's status, result and usage", response: res.runResponse },
  { method: "post", path: "/sessions/{id}/actions/{actionId}/cancel", tag: "actions", summary: "Cancel a running action", response: res.runResponse },
  {
    method: "post",
    path: "/sessions/{id}/feedback",
    tag: "actions",
    summary: "Run the stage's last AI action again with the writer's comment",
    body: req.feedbackSchema,
    response: res.actionAcceptedResponse,
    status: 202,
  },
  {
    method: "post",
    path: "/sessions/{id}/suggestions",
    tag: "capabilities",
    summary: "Three alternatives for a selection",
    body: caps.suggestionsSchema,
    response: res.suggestionsResponse,
    streams: true,
  },
  {
    method: "post",
    path: "/sessions/{id}/autocomplete",
    tag: "capabilities",
    summary: "A short continuation of the text",
    body: caps.autocompleteSchema,
    response: res.autocompleteResponse,
    streams: true,
  },
  {
    method: "post",
    path: "/sessions/{id}/grammar-check",
    tag: "capabilities",
    summary: "Grammar issues with offsets",
    body: caps.grammarCheckSchema,
    response: res.grammarResponse,
  },
  {
    method: "get",
    path: "/sessions/{id}/events",
    tag: "events",
    summary: "The session's event log after a seq (catch-up)",
    query: req.eventsQuery,
    response: res.eventsResponse,
  },
  { method: "get", path: "/articles", tag: "articles", summary: "List the caller's articles", query: req.listArticlesQuery, response: res.articleListResponse },
  { method: "get", path: "/articles/{id}", tag: "articles", summary: "An article", response: res.articleResponse },
  {
    method: "patch",
    path: "/articles/{id}",
    tag: "articles",
    summary: "Change an article at baseVersion (409 when stale)",
    body: req.updateArticleSchema,
    response: res.articleResponse,
  },
  { method: "delete", path: "/articles/{id}", tag: "articles", summary: "Delete an article with its history and sessions", status: 204 },
  { method: "get", path: "/articles/{id}/revisions", tag: "articles", summary: "An article's revisions", response: res.revisionListResponse },
  { method: "get", path: "/articles/{id}/revisions/{revisionId}", tag: "articles", summary: "One revision with its content", response: res.revisionResponse },
  {
    method: "post",
    path: "/articles/{id}/revisions/{revisionId}/restore",
    tag: "articles",
    summary: "Restore a revision (as a new revision)",
    body: req.restoreRevisionSchema,
    response: res.articleResponse,
  },
  {
    method: "get",
    path: "/articles/{id}/proposals",
    tag: "proposals",
    summary: "The article's AI proposals (pending by default), newest first, with their changes against the current text",
    query: req.listProposalsQuery,
    response: res.proposalListResponse,
  },
  {
    method: "get",
    path: "/articles/{id}/proposals/{proposalId}",
    tag: "proposals",
    summary: "One proposal with its changes against the current text",
    response: res.proposalResponse,
  },
  {
    method: "post",
    path: "/articles/{id}/proposals/{proposalId}/accept",
    tag: "proposals",
    summary: "Accept all changes or some (changeIds) at the article's version: one revision (409 stale_version or conflict)",
    body: req.acceptProposalSchema,
    response: res.proposalAcceptedResponse,
  },
  {
    method: "post",
    path: "/articles/{id}/proposals/{proposalId}/reject",
    tag: "proposals",
    summary: "Reject a pending proposal (the article is unchanged; 409 conflict when already resolved)",
    body: req.rejectProposalSchema,
    response: res.proposalRejectedResponse,
  },
  {
    method: "get",
    path: "/articles/{id}/export",
    tag: "articles",
    summary: "Export as Markdown or sanitized HTML",
    query: req.exportQuery,
    contentTypes: ["text/markdown", "text/html"],
  },
  {
    method: "post",
    path: "/tokens",
    tag: "tokens",
    summary: "Create an API token (shown once)",
    body: req.createTokenSchema,
    response: res.tokenCreatedResponse,
    status: 201,
  },
  { method: "get", path: "/tokens", tag: "tokens", summary: "List the caller's API tokens", response: res.tokenListResponse },
  { method: "delete", path: "/tokens/{id}", tag: "tokens", summary: "Revoke an API token", status: 204 },
  {
    method: "post",
    path: "/webhooks",
    tag: "webhooks",
    summary: "Register a webhook endpoint (URL + events); its signing secret is shown once",
    body: createWebhookSchema,
    response: res.webhookCreatedResponse,
    status: 201,
  },
  { method: "get", path: "/webhooks", tag: "webhooks", summary: "List the caller's webhook endpoints", response: res.webhookListResponse },
  { method: "delete", path: "/webhooks/{id}", tag: "webhooks", summary: "Delete a webhook endpoint and its delivery log", status: 204 },
  {
    method: "get",
    path: "/webhooks/{id}/deliveries",
    tag: "webhooks",
    summary: "The endpoint's delivery log (status, attempts, last response code)",
    query: deliveriesQuery,
    response: res.webhookDeliveryListResponse,
  },
  {
    method: "post",
    path: "/webhooks/{id}/rotate-secret",
    tag: "webhooks",
    summary: "Rotate the endpoint's signing secret (shown once)",
    response: res.webhookSecretResponse,
  },
  {
    method: "get",
    path: "/webhook-secret",
    tag: "webhooks",
    summary: "Whether the secret signing sessions' publishWebhookUrl deliveries exists",
    response: res.publishSecretStateResponse,
  },
  {
    method: "post",
    path: "/webhook-secret",
    tag: "webhooks",
    summary: "Create or rotate the publishWebhookUrl signing secret (shown once)",
    response: res.publishSecretResponse,
  },
  { method: "get", path: "/openapi.json", tag: "meta", summary: "This document", contentTypes: ["application/json"] },
];

// Typed by the statuses of lib/errors.ts: a new status there does not compile until it is described here.
const ERROR_DESCRIPTIONS: Record<(typeof ERROR_STATUS)[ErrorCode], string> = {
  400: "Bad JSON or bad request (also a malformed %-escape in the path)",
  401: "Not signed in, or an unknown/revoked API token, or a deleted account",
  402: "The session's token budget is spent",
  403: "csrf_rejected: a cookie-authenticated unsafe request not from the app's origin",
  404: "Not found (also for another user's resources)",
  405: "Method not allowed",
  409: "Busy session, wrong stage, stale version or duplicate",
  410: "The session has expired",
  413: "Body larger than 1 MB",
  415: "The body is not sent as exactly application/json",
  422: "Invalid fields (details name them); JSON nested deeper than 32 levels; NUL or a lone surrogate in text",
  429: "Rate limited (see Retry-After)",
  500: "Unexpected error (no internals)",
  502: "The model failed or answered badly",
  503: "No model configured, or a service is unavailable (see Retry-After)",
};

// Every status lib/errors.ts can answer, each with the one error body.
const ERRORS: Record<string, string> = Object.fromEntries(
  [...new Set(Object.values(ERROR_STATUS))].sort().map((status) => [String(status), ERROR_DESCRIPTIONS[status]]),
);

const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

function parametersOf(op: Operation) {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const shape = op.query ? (toSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] }) : {};
  const query = Object.entries(shape.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: shape.required?.includes(name) ?? false,
    schema,
  }));
  return [...path, ...query];
}

export function buildOpenApiDocument({ serverUrl = "/api/genflow" } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorContent = { "application/json": { schema: toSchema(res.errorResponse) } };
  for (const op of OPERATIONS) {
    const status = String(op.status ?? 200);
    const success = op.response
      ? { description: "OK", content: { "application/json": { schema: toSchema(op.response) } } }
      : { description: "OK", ...(op.contentTypes ? { content: Object.fromEntries(op.contentTypes.map((type) => [type, {}])) } : {}) };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[/.](\w)/g, (_, c: string) => c.toUpperCase())}`,
      parameters: parametersOf(op),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(op.body) } } } } : {}),
      responses: {
        ...(op.streams ? { "200": { description: "Event stream (with Accept: text/event-stream)", content: { "text/event-stream": {} } } } : {}),
        [status]: op.streams && status === "200" ? { ...success, content: { ...success.content, "text/event-stream": {} } } : success,
        ...Object.fromEntries(Object.entries(ERRORS).map(([code, description]) => [code, { description, content: errorContent }])),
      },
      ...(op.path === "/openapi.json" ? { security: [] } : {}),
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "GenFlow API", version: "1.0.0", description: "Sessions, actions and articles of the GenFlow content studio." },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token (gf_…) from /settings or `npm run genflow -- create-token`" },
        cookieAuth: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: { ActionParameters: { oneOf: ACTIONS.map((a) => ({ title: a.name, ...toSchema(a.parameters) })) } },
    },
    paths,
  };
}
