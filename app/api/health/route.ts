import { checkDatabase } from "@/lib/genflow/health";

// GET /api/health – liveness and the database's state (503 when it does not answer)
export async function GET() {
  const database = await checkDatabase();
  return Response.json({ status: database.ok ? "ok" : "degraded", database }, { status: database.ok ? 200 : 503 });
}
