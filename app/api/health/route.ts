import { checkHealth } from "@/lib/genflow/health";
import { handle } from "@/lib/http";

// GET /api/health – the database (503 when it does not answer), configured integrations, run counts, build
export const GET = handle(async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
});
