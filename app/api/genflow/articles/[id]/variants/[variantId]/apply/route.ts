import { requireUser } from "@/lib/auth";
import { applyVariantSchema, variantParams } from "@/lib/genflow/schemas";
import { proposeVariant } from "@/lib/genflow/variants";
import { handle, readJson, readParams } from "@/lib/http";
import type { VariantContext } from "@/lib/route-context";

// POST /api/genflow/articles/{id}/variants/{variantId}/apply – the variant as a proposal on the article (nothing written yet)
export const POST = handle(async (req, ctx: VariantContext) => {
  const { id, variantId } = readParams(await ctx.params, variantParams);
  await readJson(req, applyVariantSchema, { optional: true });
  const { userId } = await requireUser(req);
  const proposal = await proposeVariant({ articleId: id, variantId, userId });
  return Response.json({ proposal }, { status: 201 });
});
