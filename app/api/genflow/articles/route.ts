import { requireUser } from "@/lib/auth";
import { listArticles } from "@/lib/genflow/articles";
import { listArticlesQuery } from "@/lib/genflow/schemas";
import { handle, readQuery } from "@/lib/http";

// GET /api/genflow/articles?q= – the caller's articles, most recently changed first
export const GET = handle(async (req) => {
  const { q } = readQuery(req, listArticlesQuery);
  const { userId } = await requireUser(req);
  return Response.json({ articles: await listArticles({ userId, query: q }) });
});
