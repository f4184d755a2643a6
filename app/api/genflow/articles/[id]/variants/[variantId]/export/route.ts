import { requireUser } from "@/lib/auth";
import { exportQuery, variantParams } from "@/lib/genflow/schemas";
import { exportVariant } from "@/lib/genflow/variants";
import { handle, readParams, readQuery } from "@/lib/http";
import type { VariantContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/variants/{variantId}/export?format=md|html – the variant as a download
export const GET = handle(async (req, ctx: VariantContext) => {
  const { id, variantId } = readParams(await ctx.params, variantParams);
  const { format } = readQuery(req, exportQuery);
  const { userId } = await requireUser(req);
  const file = await exportVariant({ articleId: id, variantId, userId, format });
  const filename = `${
    file.name
      .replace(/[^\p{L}\p{N} _()-]+/gu, "")
      .trim()
      .slice(0, 80) || "variant"
  }.${file.extension}`;
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="variant.${file.extension}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  });
});
