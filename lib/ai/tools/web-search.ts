// Optional web search for research (Tavily, when TAVILY_API_KEY is set). Without a key it finds nothing,
// and research works from the writer's sources or the model's own suggestions.
import "server-only";
import { env } from "@/lib/env";
import { describeError, log } from "@/lib/log";

export interface SearchHit {
  title: string;
  url: string;
  excerpt: string;
}

export async function webSearch({ query, limit }: { query: string; limit: number }): Promise<SearchHit[]> {
  if (!env.TAVILY_API_KEY) return [];
  try {
    const res = await fetch("https://api.tavily.com/search", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${env.TAVILY_API_KEY}` },
      body: JSON.stringify({ query, max_results: limit }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { results?: { title?: string; url?: string; content?: string }[] };
    return (body.results ?? [])
      .filter((r) => r.url)
      .map((r) => ({ title: r.title ?? r.url ?? "", url: r.url ?? "", excerpt: (r.content ?? "").slice(0, 600) }));
  } catch (error) {
    // Search is a bonus: research goes on without it.
    log.warn({ error: describeError(error) }, "web search failed; researching without it");
    return [];
  }
}
