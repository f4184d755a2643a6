import { requireUser } from "@/lib/auth";
import { updateVariantSchema, variantParams } from "@/lib/genflow/schemas";
import { deleteVariant, getVariantOrThrow, updateVariant } from "@/lib/genflow/variants";
import { handle, readJson, readParams } from "@/lib/http";
import type { VariantContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/variants/{variantId} – one variant with its text and platform checks
export const GET = handle(async (req, ctx: VariantContext) => {
  const { id, variantId } = readParams(await ctx.params, variantParams);
  const { userId } = await requireUser(req);
  return Response.json(await getVariantOrThrow({ articleId: id, variantId, userId }));
});

// PATCH /api/genflow/articles/{id}/variants/{variantId} – the writer's edit, accepted only at `version` (else 409)
export const PATCH = handle(async (req, ctx: VariantContext) => {
  const { id, variantId } = readParams(await ctx.params, variantParams);
  const { version, ...change } = await readJson(req, updateVariantSchema);
  const { userId } = await requireUser(req);
  return Response.json(await updateVariant({ articleId: id, variantId, userId, version, change }));
});

// DELETE /api/genflow/articles/{id}/variants/{variantId} – delete a variant (the article stays)
export const DELETE = handle(async (req, ctx: VariantContext) => {
  const { id, variantId } = readParams(await ctx.params, variantParams);
  const { userId } = await requireUser(req);
  await deleteVariant({ articleId: id, variantId, userId });
  return new Response(null, { status: 204 });
});
