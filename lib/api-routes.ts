// Every /api route and the methods it answers. The proxy answers an unknown path with a JSON 404 and a known
// path with the wrong method with a JSON 405 + Allow (Next itself sends an HTML page or an empty body).
// lib/api-routes.test.ts checks this table against the route files' exports.

export const API_ROUTES: ReadonlyArray<{ pattern: string; methods: readonly string[] }> = [
  { pattern: "/api/auth/sign-up", methods: ["POST"] },
  { pattern: "/api/auth/*", methods: ["GET", "POST"] },
  { pattern: "/api/cron/cleanup", methods: ["GET"] },
  { pattern: "/api/health", methods: ["GET"] },
  { pattern: "/api/pusher/auth", methods: ["POST"] },
  { pattern: "/api/genflow/openapi.json", methods: ["GET"] },
  { pattern: "/api/genflow/sessions", methods: ["GET", "POST"] },
  { pattern: "/api/genflow/sessions/:id", methods: ["GET", "DELETE"] },
  { pattern: "/api/genflow/sessions/:id/actions", methods: ["POST"] },
  { pattern: "/api/genflow/sessions/:id/actions/:actionId", methods: ["GET"] },
  { pattern: "/api/genflow/sessions/:id/actions/:actionId/cancel", methods: ["POST"] },
  { pattern: "/api/genflow/sessions/:id/autocomplete", methods: ["POST"] },
  { pattern: "/api/genflow/sessions/:id/events", methods: ["GET"] },
  { pattern: "/api/genflow/sessions/:id/feedback", methods: ["POST"] },
  { pattern: "/api/genflow/sessions/:id/grammar-check", methods: ["POST"] },
  { pattern: "/api/genflow/sessions/:id/suggestions", methods: ["POST"] },
  { pattern: "/api/genflow/articles", methods: ["GET"] },
  { pattern: "/api/genflow/articles/:id", methods: ["GET", "PATCH", "DELETE"] },
  { pattern: "/api/genflow/articles/:id/export", methods: ["GET"] },
  { pattern: "/api/genflow/articles/:id/revisions", methods: ["GET"] },
  { pattern: "/api/genflow/articles/:id/revisions/:revisionId", methods: ["GET"] },
  { pattern: "/api/genflow/articles/:id/revisions/:revisionId/restore", methods: ["POST"] },
  { pattern: "/api/genflow/articles/:id/proposals", methods: ["GET"] },
  { pattern: "/api/genflow/articles/:id/proposals/:proposalId", methods: ["GET"] },
  { pattern: "/api/genflow/articles/:id/proposals/:proposalId/accept", methods: ["POST"] },
  { pattern: "/api/genflow/articles/:id/proposals/:proposalId/reject", methods: ["POST"] },
  { pattern: "/api/genflow/tokens", methods: ["GET", "POST"] },
  { pattern: "/api/genflow/tokens/:id", methods: ["DELETE"] },
  { pattern: "/api/genflow/webhooks", methods: ["GET", "POST"] },
  { pattern: "/api/genflow/webhooks/:id", methods: ["DELETE"] },
  { pattern: "/api/genflow/webhooks/:id/deliveries", methods: ["GET"] },
  { pattern: "/api/genflow/webhooks/:id/rotate-secret", methods: ["POST"] },
  { pattern: "/api/genflow/webhook-secret", methods: ["GET", "POST"] },
];

function matches(pattern: string, path: string): boolean {
  const want = pattern.split("/");
  const got = path.replace(/\/$/, "").split("/");
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "*") return got.length > i;
    if (i >= got.length) return false;
    if (want[i].startsWith(":")) {
      if (got[i] === "") return false;
    } else if (want[i] !== got[i]) return false;
  }
  return want.length === got.length;
}

/** The methods a path answers (HEAD and OPTIONS implied), or null for a path no route serves. */
export function allowedMethods(path: string): string[] | null {
  const route = API_ROUTES.find((r) => matches(r.pattern, path));
  if (!route) return null;
  return [...route.methods, ...(route.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}
