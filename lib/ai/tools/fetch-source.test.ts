// fetchSource against real HTTP servers on 127.0.0.1 (and ::1 when the machine has IPv6). Nothing here
// may reach another address: the kit's connection guard refuses any target that is not loopback.
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchSource } from "./fetch-source";
import { expectFailure, guard, html, installConnectionGuard, startServer, type TestServer } from "./fetch-test-kit";

installConnectionGuard();

describe("blocked addresses", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(html("<title>secret</title><p>internal</p>"));
  });
  afterAll(() => server.close());

  it.each([
    ["127.0.0.1", (p: number) => `http://127.0.0.1:${p}/`],
    ["localhost", (p: number) => `http://localhost:${p}/`],
    ["[::1]", (p: number) => `http://[::1]:${p}/`],
    ["0.0.0.0", (p: number) => `http://0.0.0.0:${p}/`],
    ["[::ffff:127.0.0.1]", (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ["decimal 2130706433 (= 127.0.0.1)", (p: number) => `http://2130706433:${p}/`],
    ["10.0.0.1", () => "http://10.0.0.1/"],
    ["169.254.169.254 (cloud metadata)", () => "http://169.254.169.254/latest/meta-data/"],
    ["[fe80::1]", () => "https://[fe80::1]/"],
    ["100.64.0.1 (CGNAT)", () => "http://100.64.0.1/"],
  ])("refuses %s by default without connecting", async (_name, makeUrl) => {
    const url = makeUrl(server.port);
    const before = server.connections;
    const err = await expectFailure(fetchSource({ url, allowedPorts: [server.port] }), "blocked_address");
    expect(err.url).toBe(new URL(url).href);
    expect(err.message).toContain(err.url);
    expect(server.connections).toBe(before);
    expect(server.requests).toHaveLength(0);
    expect(guard.targets).toEqual([]);
  });

  it("refuses a host name if any of its addresses is private", async () => {
    const resolveHost = vi.fn(async () => [
      { address: "93.184.216.34", family: 4 as const },
      { address: "10.1.2.3", family: 4 as const },
    ]);
    const err = await expectFailure(fetchSource({ url: "https://mixed.example/page", resolveHost }), "blocked_address");
    expect(err.message).toContain("10.1.2.3");
    expect(err.message).toContain("https://mixed.example/page");
    expect(guard.targets).toEqual([]);
  });

  it("allows 127.0.0.1, localhost and 0.0.0.0 with allowPrivateHosts", async () => {
    for (const url of [`${server.origin}/a`, `http://localhost:${server.port}/b`, `http://0.0.0.0:${server.port}/c`]) {
      const result = await fetchSource({ url, allowPrivateHosts: true });
      expect(result.title).toBe("secret");
      expect(result.text).toBe("internal");
    }
    expect(server.requests).toEqual(["/a", "/b", "/c"]);
  });

  it("allows [::1] with allowPrivateHosts (when this machine has IPv6 loopback)", async (ctx) => {
    let v6: TestServer;
    try {
      v6 = await startServer(html("<title>six</title>"), "::1");
    } catch {
      ctx.skip();
      return;
    }
    try {
      await expectFailure(fetchSource({ url: `${v6.origin}/`, allowedPorts: [v6.port] }), "blocked_address");
      expect(v6.connections).toBe(0);
      const result = await fetchSource({ url: `${v6.origin}/`, allowPrivateHosts: true });
      expect(result.title).toBe("six");
    } finally {
      await v6.close();
    }
  });
});

// -------------------------------------------------------------------------------------------- URL rules

describe("URL rules", () => {
  it.each([
    "file:///etc/passwd",
    "ftp://example.com/file.txt",
    "javascript:alert(1)",
    "data:text/html,<h1>x</h1>",
    "gopher://example.com/",
    "not a url",
    "",
    "http://user:pass@example.com/",
    "https://token@example.com/",
    "http://example.com:8080/",
    "https://example.com:22/",
  ])("refuses %j without resolving or connecting", async (url) => {
    const resolveHost = vi.fn(async () => [{ address: "93.184.216.34", family: 4 as const }]);
    await expectFailure(fetchSource({ url, resolveHost }), "bad_url");
    expect(resolveHost).not.toHaveBeenCalled();
    expect(guard.targets).toEqual([]);
  });

  it("explains why a scheme is refused", async () => {
    const err = await expectFailure(fetchSource({ url: "file:///etc/passwd" }), "bad_url");
    expect(err.message).toBe("Couldn't fetch file:///etc/passwd: only http:// and https:// links can be fetched, not file:");
  });

  it("reports an unknown host as dns_failure", async () => {
    const resolveHost = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const err = await expectFailure(fetchSource({ url: "https://nowhere.invalid/", resolveHost }), "dns_failure");
    expect(err.message).toContain("nowhere.invalid");
  });
});

// ------------------------------------------------------------------------------------------- redirects

describe("redirects", () => {
  let server: TestServer;
  let port = 0;
  const onlyLoopback4 = (address: string) => address === "127.0.0.1";
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const to = (location: string) => {
        res.writeHead(302, { location });
        res.end();
      };
      const path = req.url ?? "/";
      if (path === "/to-metadata") return to("http://169.254.169.254/latest/meta-data/iam/");
      if (path === "/to-v6-loopback") return to(`http://[::1]:${port}/final`);
      if (path === "/to-private-name") return to(`http://intranet.corp:${port}/final`);
      if (path === "/to-file") return to("file:///etc/passwd");
      if (path === "/to-other-port") return to(`http://127.0.0.1:${port + 1}/final`);
      if (path.startsWith("/chain/")) {
        const n = Number(path.slice("/chain/".length));
        return n > 0 ? to(`/chain/${n - 1}`) : html("<title>end of chain</title><p>done</p>")(req, res);
      }
      if (path === "/final") return html("<title>final</title><p>arrived</p>")(req, res);
      res.writeHead(404).end();
    });
    port = server.port;
  });
  afterAll(() => server.close());

  it("refuses a redirect from an allowed host to the metadata address", async () => {
    const err = await expectFailure(
      fetchSource({ url: `${server.origin}/to-metadata`, isAllowedAddress: onlyLoopback4, allowedPorts: [port] }),
      "blocked_address",
    );
    expect(err.url).toBe("http://169.254.169.254/latest/meta-data/iam/");
    expect(err.message).toContain("169.254.169.254");
    expect(guard.targets).toEqual(["127.0.0.1"]); // the first hop only
  });

  it("refuses a redirect to [::1] and to a host name resolving to a private address", async () => {
    const opts = { isAllowedAddress: onlyLoopback4, allowedPorts: [port] };
    await expectFailure(fetchSource({ url: `${server.origin}/to-v6-loopback`, ...opts }), "blocked_address");
    const resolveHost = vi.fn(async () => [{ address: "192.168.0.10", family: 4 as const }]);
    await expectFailure(fetchSource({ url: `${server.origin}/to-private-name`, resolveHost, ...opts }), "blocked_address");
    expect(resolveHost).toHaveBeenCalledWith("intranet.corp");
    expect(server.requests.filter((p) => p === "/final")).toHaveLength(0);
  });

  it("refuses a redirect to file: and to a port that is not allowed", async () => {
    const opts = { isAllowedAddress: onlyLoopback4, allowedPorts: [port] };
    await expectFailure(fetchSource({ url: `${server.origin}/to-file`, ...opts }), "bad_url");
    await expectFailure(fetchSource({ url: `${server.origin}/to-other-port`, ...opts }), "bad_url");
  });

  it("follows up to maxRedirects and reports the final URL", async () => {
    const result = await fetchSource({ url: `${server.origin}/chain/3`, allowPrivateHosts: true });
    expect(result.url).toBe(`${server.origin}/chain/0`);
    expect(result.title).toBe("end of chain");
    await expectFailure(fetchSource({ url: `${server.origin}/chain/4`, allowPrivateHosts: true }), "too_many_redirects");
    await expectFailure(fetchSource({ url: `${server.origin}/chain/1`, allowPrivateHosts: true, maxRedirects: 0 }), "too_many_redirects");
  });
});

// ------------------------------------------------------------------------------- DNS pinning (rebinding)

describe("DNS pinning", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(html("<title>pinned</title><p>hello</p>"));
  });
  afterAll(() => server.close());

  it("connects to the address it checked, never resolving again", async () => {
    // First answer passes the check; any later answer would point at a private address.
    const answers = [[{ address: "127.0.0.1", family: 4 as const }], [{ address: "10.9.9.9", family: 4 as const }]];
    const resolveHost = vi.fn(async () => answers.shift() ?? []);
    const result = await fetchSource({
      url: `http://rebind.test:${server.port}/page`,
      resolveHost,
      isAllowedAddress: (a) => a === "127.0.0.1",
      allowedPorts: [server.port],
    });
    expect(result.title).toBe("pinned");
    expect(resolveHost).toHaveBeenCalledTimes(1);
    // rebind.test does not exist in DNS: reaching the server proves the socket used the pinned address.
    expect(server.hosts.at(-1)).toBe(`rebind.test:${server.port}`);
    expect(guard.targets).toEqual(["rebind.test"]);
  });
});

// ----------------------------------------------------------------------------- limits, status and types

describe("limits, status and content types", () => {
  let server: TestServer;
  let dripStopped = false;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      switch (req.url) {
        case "/big-declared":
          res.writeHead(200, { "content-type": "text/plain", "content-length": "50000" });
          res.end("x".repeat(50_000));
          return;
        case "/big-chunked": {
          res.writeHead(200, { "content-type": "text/html" });
          let sent = 0;
          const timer = setInterval(() => {
            if (res.destroyed || sent >= 200) {
              clearInterval(timer);
              dripStopped = res.destroyed;
              res.end();
              return;
            }
            sent++;
            res.write(`<p>${"y".repeat(1000)}</p>`);
          }, 2);
          res.on("close", () => {
            clearInterval(timer);
            dripStopped = true;
          });
          return;
        }
        case "/gzip-bomb":
          res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
          res.end(zlib.gzipSync(Buffer.alloc(5_000_000, 0x61)));
          return;
        case "/gzip-ok":
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" });
          res.end(zlib.gzipSync("<title>zipped</title><p>compressed body</p>"));
          return;
        case "/hang":
          return; // never answers
        case "/slow-body":
          res.writeHead(200, { "content-type": "text/plain" });
          res.write("start ");
          return; // never ends
        case "/404":
          res.writeHead(404, { "content-type": "text/html" });
          res.end("<h1>Not here</h1>");
          return;
        case "/500":
          res.writeHead(500);
          res.end();
          return;
        case "/pdf":
          res.writeHead(200, { "content-type": "application/pdf" });
          res.end("%PDF-1.7");
          return;
        case "/json":
          res.writeHead(200, { "content-type": "application/json" });
          res.end("{}");
          return;
        case "/no-type":
          res.writeHead(200);
          res.end("???");
          return;
        case "/text":
          res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
          res.end("Line one.\r\n\r\n\r\n\r\nLine   two\twith  spaces.\n");
          return;
        case "/xhtml":
          res.writeHead(200, { "content-type": "application/xhtml+xml" });
          res.end('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>X</title></head><body><p>xhtml body</p></body></html>');
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  afterAll(() => server.close());

  const get = (path: string, extra: Partial<Parameters<typeof fetchSource>[0]> = {}) =>
    fetchSource({ url: `${server.origin}${path}`, allowPrivateHosts: true, ...extra });

  it("refuses a declared body over maxBytes", async () => {
    const err = await expectFailure(get("/big-declared", { maxBytes: 10_000 }), "too_large");
    expect(err.message).toContain("10 KB");
  });

  it("aborts a streamed body as soon as it passes maxBytes", async () => {
    dripStopped = false;
    await expectFailure(get("/big-chunked", { maxBytes: 10_000 }), "too_large");
    await vi.waitFor(() => expect(dripStopped).toBe(true));
  });

  it("caps the decompressed size (gzip bomb)", async () => {
    await expectFailure(get("/gzip-bomb", { maxBytes: 100_000 }), "too_large");
  });

  it("decodes gzip", async () => {
    const result = await get("/gzip-ok");
    expect(result.title).toBe("zipped");
    expect(result.text).toBe("compressed body");
  });

  it("times out a server that never answers, within timeoutMs", async () => {
    const started = Date.now();
    const err = await expectFailure(get("/hang", { timeoutMs: 300 }), "timeout");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
    expect(err.message).toContain(`${server.origin}/hang`);
  });

  it("times out a body that never ends", async () => {
    const started = Date.now();
    await expectFailure(get("/slow-body", { timeoutMs: 300 }), "timeout");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("can be cancelled with a signal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectFailure(get("/hang", { signal: controller.signal }), "aborted");
  });

  it("reports non-2xx as http_status", async () => {
    const err = await expectFailure(get("/404"), "http_status");
    expect(err.status).toBe(404);
    expect(err.message).toBe(`Couldn't fetch ${server.origin}/404: the server answered HTTP 404 Not Found.`);
    expect((await expectFailure(get("/500"), "http_status")).status).toBe(500);
  });

  it("refuses PDFs, JSON and untyped bodies", async () => {
    const err = await expectFailure(get("/pdf"), "unsupported_type");
    expect(err.message).toContain("application/pdf");
    await expectFailure(get("/json"), "unsupported_type");
    await expectFailure(get("/no-type"), "unsupported_type");
  });

  it("passes plain text through, tidied", async () => {
    const result = await get("/text");
    expect(result).toEqual({
      url: `${server.origin}/text`,
      title: "text",
      text: "Line one.\n\nLine two with spaces.",
      excerpt: "Line one. Line two with spaces.",
      contentType: "text/plain",
    });
  });

  it("reads XHTML", async () => {
    const result = await get("/xhtml");
    expect(result.title).toBe("X");
    expect(result.text).toBe("xhtml body");
    expect(result.contentType).toBe("application/xhtml+xml");
  });
});

// ----------------------------------------------------------------------------------- HTML and charsets
