import { handle } from "@/lib/http";
import { buildOpenApiDocument } from "@/lib/openapi";

// Built from the zod schemas once per process: converting them all takes milliseconds, and they never change.
let document: string | undefined;

// GET /api/genflow/openapi.json – the OpenAPI 3.1 document of this API (public)
export const GET = handle(async () => {
  document ??= JSON.stringify(buildOpenApiDocument());
  return new Response(document, { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } });
});
