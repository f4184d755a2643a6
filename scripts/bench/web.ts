// npm run bench:web — First Load JS of `/` (the article list) and `/articles/[id]` (the workspace) for a
// signed-in writer on `next start`: every <script src> and <link rel=modulepreload|preload as=script> under
// /_next/ in the page's HTML, fetched and gzipped with node:zlib (level 9), summed per page.
import { gzipSync } from "node:zlib";
import { type Bench, runMain, withBench } from "./setup";

const PAGES = [
  { name: "/", path: () => "/" },
  { name: "/articles/[id]", path: (articleId: string) => `/articles/${articleId}` },
];
const WORKSPACE_GOAL_KB = 170;

/** The cookies of one browser: what Set-Cookie sets, sent back on every request. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function browse(bench: Bench, jar: CookieJar, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${bench.url}${path}`, {
    ...init,
    redirect: "manual",
    headers: { cookie: jar.header(), origin: bench.url, ...(init.headers as Record<string, string> | undefined) },
    signal: AbortSignal.timeout(60_000),
  });
  jar.store(res);
  return res;
}

/** Signs a new writer up and in through next-auth's credentials flow; the jar then holds the session cookie. */
async function signedInBrowser(bench: Bench): Promise<CookieJar> {
  const jar = new CookieJar();
  const email = `web-${Date.now()}@example.test`;
  const password = "bench pass 123";
  const signUp = await browse(bench, jar, "/api/auth/sign-up", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  const { csrfToken } = (await (await browse(bench, jar, "/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await browse(bench, jar, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  await signIn.arrayBuffer();
  const session = (await (await browse(bench, jar, "/api/auth/session")).json()) as { user?: { email?: string } } | null;
  if (session?.user?.email !== email) throw new Error(`sign-in failed (callback answered ${signIn.status})`);
  return jar;
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? "");
  }
  return found;
}

const underNext = (url: string) => new URL(url, "http://x").pathname.startsWith("/_next/");

/**
 * The /_next/ scripts a page loads up front: <script src>, <link rel=modulepreload> and <link rel=preload
 * as=script>. `nomodule` scripts (legacy polyfills) are apart: browsers with ES modules never fetch them.
 */
function scriptUrls(html: string): { urls: string[]; noModule: string[] } {
  const urls = new Set<string>();
  const noModule = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const attrs = attributes(tag.slice(7, -1));
    const src = attrs.get("src");
    if (src) (attrs.has("nomodule") ? noModule : urls).add(src.replaceAll("&amp;", "&"));
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(tag.slice(5, -1));
    const rel = attrs.get("rel") ?? "";
    const href = attrs.get("href");
    if (href && (rel === "modulepreload" || (rel === "preload" && attrs.get("as") === "script"))) urls.add(href.replaceAll("&amp;", "&"));
  }
  for (const url of noModule) urls.delete(url);
  return { urls: [...urls].filter(underNext), noModule: [...noModule].filter(underNext) };
}

async function main() {
  await withBench({ pusher: true }, async (bench) => {
    const jar = await signedInBrowser(bench);
    const created = await browse(bench, jar, "/api/genflow/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Rooftop farms" }),
    });
    if (created.status !== 201) throw new Error(`POST /api/genflow/sessions answered ${created.status}: ${await created.text()}`);
    const { articleId } = (await created.json()) as { articleId: string };

    const sizes = new Map<string, { raw: number; gzip: number }>();
    console.log(
      "bench:web — First Load JS per page (every /_next/ script the HTML loads but nomodule polyfills, gzip -9 with node:zlib), signed in, next start",
    );
    for (const page of PAGES) {
      const res = await browse(bench, jar, page.path(articleId));
      const html = await res.text();
      if (res.status !== 200) throw new Error(`${page.name} answered ${res.status} (location ${res.headers.get("location")})`);
      const { urls, noModule } = scriptUrls(html);
      // Chunks named only in the RSC payload, not by a tag: not counted, but shown, so none go unnoticed.
      const payloadOnly = new Set(
        [...html.matchAll(/\/_next\/static\/[^"'\\\s)]+\.js/g)].map((m) => m[0]).filter((u) => !urls.includes(u) && !noModule.includes(u)),
      );
      for (const url of [...urls, ...noModule]) {
        if (sizes.has(url)) continue;
        const chunk = await fetch(new URL(url, bench.url), { signal: AbortSignal.timeout(30_000) });
        if (!chunk.ok) throw new Error(`${url} answered ${chunk.status}`);
        const body = Buffer.from(await chunk.arrayBuffer());
        sizes.set(url, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const gzip = urls.reduce((sum, u) => sum + (sizes.get(u)?.gzip ?? 0), 0);
      const raw = urls.reduce((sum, u) => sum + (sizes.get(u)?.raw ?? 0), 0);
      const polyfills = noModule.reduce((sum, u) => sum + (sizes.get(u)?.gzip ?? 0), 0);
      const largest = [...urls]
        .sort((a, b) => (sizes.get(b)?.gzip ?? 0) - (sizes.get(a)?.gzip ?? 0))
        .slice(0, 3)
        .map((u) => `${u.split("/").at(-1)?.split("?")[0]} ${kb(sizes.get(u)?.gzip ?? 0)}`);
      const goal = page.name === "/articles/[id]" ? ` (goal ≤ ${WORKSPACE_GOAL_KB} KB for the workspace)` : "";
      console.log(
        `${page.name.padEnd(15)} ${kb(gzip).padStart(9)} gzip${goal} | ${kb(raw)} raw, ${urls.length} scripts; largest: ${largest.join(", ")}` +
          (noModule.length ? ` | not counted: ${kb(polyfills)} of nomodule polyfills` : "") +
          (payloadOnly.size ? ` | ${payloadOnly.size} chunk(s) named only in the RSC payload, not counted` : ""),
      );
    }
  });
}

runMain("bench:web", main);
