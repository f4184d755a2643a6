import { requireUser } from "@/lib/auth";
import { exportArticle } from "@/lib/genflow/articles";
import { exportQuery, idParams } from "@/lib/genflow/schemas";
import { handle, readParams, readQuery } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/export?format=md|html – the article as Markdown or sanitized HTML
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { format } = readQuery(req, exportQuery);
  const { userId } = await requireUser(req);
  const file = await exportArticle({ id, userId, format });
  const filename = `${
    file.article.title
      .replace(/[^\p{L}\p{N} _-]+/gu, "")
      .trim()
      .slice(0, 80) || "article"
  }.${file.extension}`;
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="article.${file.extension}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  });
});
