import { buildOpenApiDocument } from "@/lib/openapi";

// GET /api/genflow/openapi.json – the OpenAPI 3.1 document of this API (public)
export function GET() {
  return Response.json(buildOpenApiDocument());
}
