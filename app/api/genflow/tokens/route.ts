import { requireUser } from "@/lib/auth";
import { createTokenSchema } from "@/lib/genflow/schemas";
import { createApiToken, listApiTokens } from "@/lib/genflow/tokens";
import { handle, readJson } from "@/lib/http";

// POST /api/genflow/tokens – create an API token; the token itself is returned only this once
export const POST = handle(async (req) => {
  const { name } = await readJson(req, createTokenSchema);
  const { userId } = await requireUser(req);
  return Response.json(await createApiToken({ userId, name }), { status: 201 });
});

// GET /api/genflow/tokens – the caller's tokens (prefix, name, last use; never the token)
export const GET = handle(async (req) => {
  const { userId } = await requireUser(req);
  return Response.json({ tokens: await listApiTokens({ userId }) });
});
