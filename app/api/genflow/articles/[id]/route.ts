import { requireUser } from "@/lib/auth";
import { deleteArticle, getArticleOrThrow, updateArticle } from "@/lib/genflow/articles";
import { idParams, updateArticleSchema } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id} – the article with its current version
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  return Response.json(await getArticleOrThrow({ id, userId }));
});

// PATCH /api/genflow/articles/{id} – the writer's change, accepted only at baseVersion (else 409)
export const PATCH = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { baseVersion, ...change } = await readJson(req, updateArticleSchema);
  const { userId } = await requireUser(req);
  return Response.json(await updateArticle({ id, userId, baseVersion, change }));
});

// DELETE /api/genflow/articles/{id} – delete an article with its revisions and sessions
export const DELETE = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  await deleteArticle({ id, userId });
  return new Response(null, { status: 204 });
});
