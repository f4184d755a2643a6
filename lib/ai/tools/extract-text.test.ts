// Text extraction, charsets and excerpts: pasted HTML and pages served from 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, fetchSource } from "./fetch-source";
import { html, installConnectionGuard, startServer, type TestServer } from "./fetch-test-kit";

installConnectionGuard();

const ARTICLE = `<!doctype html>
<html><head>
  <meta property="og:title" content="OG title">
  <title>  The   Real &amp; Only
  Title </title>
  <style>body { color: red }</style>
  <script>window.secretToken = "abc123";</script>
</head><body>
  <header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
  <main>
    <article>
      <h1>How   rivers   form</h1>
      <p>Rivers begin as <a href="https://example.com/rain">rain</a> falling on high ground.${" More text.".repeat(20)}</p>
      <script>document.write("injected")</script>
      <noscript>Enable JavaScript</noscript>
      <h2>Erosion</h2>
      <p>Water   wears
         rock away.</p>
      <ul><li>Sediment</li><li>Deltas</li></ul>
    </article>
    <aside>Related: buy our book</aside>
  </main>
  <footer>© 2025 Rivers Inc.</footer>
</body></html>`;

describe("HTML extraction", () => {
  it("extracts title and readable text without scripts, styles or navigation", () => {
    const { title, text } = extractText({ html: ARTICLE, url: "https://example.com/rivers" });
    expect(title).toBe("The Real & Only Title");
    expect(text.startsWith("How rivers form\n\nRivers begin as rain falling on high ground. More text.")).toBe(true);
    expect(text).toContain("Erosion\n\nWater wears rock away.");
    expect(text).toContain("* Sediment\n* Deltas");
    for (const unwanted of [
      "secretToken",
      "abc123",
      "injected",
      "color",
      "Enable JavaScript",
      "Home",
      "About",
      "buy our book",
      "Rivers Inc",
      "https://example.com/rain",
    ]) {
      expect(text).not.toContain(unwanted);
    }
    expect(text).not.toMatch(/ {2}|\n{3}/);
  });

  it("falls back to og:title, then <h1>, then the URL", () => {
    expect(extractText({ html: '<meta property="og:title" content="From OG"><p>x</p>' }).title).toBe("From OG");
    expect(extractText({ html: "<h1>Heading <em>one</em></h1><p>x</p>" }).title).toBe("Heading one");
    expect(extractText({ html: "<p>x</p>", url: "https://example.com/docs/guide%20v2" }).title).toBe("guide v2");
    expect(extractText({ html: "<p>x</p>", url: "https://example.com/" }).title).toBe("example.com");
  });

  it("uses the whole page when there is no main content container", () => {
    const { text } = extractText({ html: "<div><p>First.</p><p>Second.</p></div><script>x()</script>" });
    expect(text).toBe("First.\n\nSecond.");
  });
});

describe("charsets", () => {
  // "你好世界" in GBK, and "café naïve" in ISO-8859-1.
  const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xca, 0xc0, 0xbd, 0xe7]);
  const latin1 = Buffer.from("café naïve", "latin1");
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const page = (head: string, body: Buffer, type: string) => {
        res.writeHead(200, { "content-type": type });
        res.end(
          Buffer.concat([Buffer.from(`<html><head>${head}<title>`), body, Buffer.from("</title></head><body><p>"), body, Buffer.from("</p></body></html>")]),
        );
      };
      if (req.url === "/gbk") return page("", gbk, "text/html; charset=GBK");
      if (req.url === "/latin1") return page("", latin1, "text/html; charset=iso-8859-1");
      if (req.url === "/meta-gbk") return page('<meta charset="gb2312">', gbk, "text/html");
      if (req.url === "/meta-equiv") return page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', latin1, "text/html");
      if (req.url === "/latin1-text") {
        res.writeHead(200, { "content-type": "text/plain; charset=latin1" });
        return res.end(latin1);
      }
      if (req.url === "/bogus") return page("", Buffer.from("plain ascii"), "text/html; charset=x-made-up");
      res.writeHead(404).end();
    });
  });
  afterAll(() => server.close());

  const get = (path: string) => fetchSource({ url: `${server.origin}${path}`, allowPrivateHosts: true });

  it.each([
    ["/gbk", "你好世界"],
    ["/latin1", "café naïve"],
    ["/meta-gbk", "你好世界"],
    ["/meta-equiv", "café naïve"],
    ["/bogus", "plain ascii"],
  ])("decodes %s", async (path, expected) => {
    const result = await get(path);
    expect(result.title).toBe(expected);
    expect(result.text).toBe(expected);
  });

  it("decodes latin1 plain text", async () => {
    expect((await get("/latin1-text")).text).toBe("café naïve");
  });
});

describe("excerpt", () => {
  it("is the first ~400 characters, cut at a word", async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(" ");
    const server = await startServer(html(`<title>t</title><p>${words}</p>`));
    try {
      const { excerpt, text } = await fetchSource({ url: `${server.origin}/`, allowPrivateHosts: true });
      expect(text).toBe(words);
      expect(excerpt.length).toBeLessThanOrEqual(401);
      expect(excerpt.length).toBeGreaterThan(300);
      expect(excerpt.endsWith("…")).toBe(true);
      expect(words.startsWith(excerpt.slice(0, -1))).toBe(true);
      expect(excerpt.slice(0, -1)).toMatch(/word\d+$/);
    } finally {
      await server.close();
    }
  });
});
