// Fetches a web page a writer gave the research agent and turns it into readable text — safely, since
// the SERVER makes the request (SSRF). Rules:
//  - only http:/https: URLs, no credentials, only ports 80/443 (unless allowPrivateHosts / allowedPorts);
//  - the host is resolved here and EVERY address must be public (see lib/net/ip-policy.ts); the socket then connects
//    to exactly those checked addresses (a pinned `lookup`), so DNS rebinding between check and connect
//    cannot happen; literal IPs are checked without any connection attempt;
//  - at most maxRedirects redirects, each hop checked again like the first URL;
//  - one deadline for the whole fetch (DNS, connect, redirects, body) and a byte cap enforced while streaming;
//  - only text/html, application/xhtml+xml and text/plain; charset from the Content-Type (or a <meta> in
//    the first 1024 bytes of HTML), utf-8 by default; decoded with TextDecoder (full ICU: gbk, shift_jis, ...).
// Every failure is a FetchSourceError with a code and a message a writer can read, naming the URL.
import "server-only";
import dns from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import { decode, extractText, makeExcerpt, parseContentType, plainText, sniffHtmlCharset } from "./extract-text";
import { classifyAddress } from "@/lib/net/ip-policy";

export { extractText };

export type FetchSourceErrorCode =
  | "bad_url"
  | "blocked_address"
  | "dns_failure"
  | "network_error"
  | "timeout"
  | "aborted"
  | "too_large"
  | "http_status"
  | "unsupported_type"
  | "too_many_redirects";

export class FetchSourceError extends Error {
  readonly code: FetchSourceErrorCode;
  /** The URL that failed (the redirect hop, when a redirect target was refused). */
  readonly url: string;
  /** HTTP status for code "http_status". */
  readonly status?: number;

  constructor(code: FetchSourceErrorCode, url: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FetchSourceError";
    this.code = code;
    this.url = url;
    this.status = options.status;
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface FetchSourceOptions {
  url: string;
  /** Skip the address policy and the port restriction (local development, tests). Default false. */
  allowPrivateHosts?: boolean;
  /** Total time for the whole fetch, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Largest body accepted (after decompression). Default 2 MB. */
  maxBytes?: number;
  /** Default 3. 0 refuses any redirect. */
  maxRedirects?: number;
  /** Cancels the fetch (code "aborted"). */
  signal?: AbortSignal;
  /** Ports allowed besides 80 and 443 (tests, known internal mirrors). Ignored when allowPrivateHosts. */
  allowedPorts?: readonly number[];
  /**
   * Replaces the built-in "public unicast only" address check (tests; ignored when allowPrivateHosts).
   * Called for every address of every hop, before any connection. E.g. tests allow exactly "127.0.0.1" to
   * check that a redirect from there to another private address is refused.
   */
  isAllowedAddress?: (address: string, family: 4 | 6) => boolean;
  /** Replaces DNS resolution (tests, custom resolvers). Default: node:dns lookup with all:true. */
  resolveHost?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export interface FetchedSource {
  /** Final URL, after redirects. */
  url: string;
  title: string;
  text: string;
  /** Start of `text` (~400 characters, cut at a word, whitespace collapsed). */
  excerpt: string;
  /** Media type of the response, e.g. "text/html" (parameters stripped). */
  contentType: string;
}

const ACCEPTED_TYPES = new Set(["text/html", "application/xhtml+xml", "text/plain"]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = "GenFlowResearchBot/1.0 (+https://genflow.app)";

/** A URL shortened for messages (writers may paste very long ones). */
function shown(url: string): string {
  return url.length > 200 ? `${url.slice(0, 197)}...` : url;
}

function fail(code: FetchSourceErrorCode, url: string, why: string, options?: { status?: number; cause?: unknown }): FetchSourceError {
  return new FetchSourceError(code, url, `Couldn't fetch ${shown(url)}: ${why}`, options);
}

// ---------------------------------------------------------------------------------------------- URL checks

interface CheckContext {
  allowPrivateHosts: boolean;
  allowedPorts: readonly number[];
  isAllowedAddress: (address: string, family: 4 | 6) => boolean;
  resolveHost: (hostname: string) => Promise<ResolvedAddress[]>;
}

function parseUrl(raw: string, base?: URL): URL {
  const label = base ? raw : raw.trim();
  let url: URL;
  try {
    url = new URL(label, base);
  } catch {
    throw new FetchSourceError("bad_url", label, `"${shown(label)}" is not a valid web address.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw fail("bad_url", url.href, `only http:// and https:// links can be fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw fail("bad_url", url.href, "links with a user name or password in them are not allowed.");
  }
  if (!url.hostname) throw fail("bad_url", url.href, "the link has no host name.");
  url.hash = "";
  return url;
}

function checkPort(url: URL, ctx: CheckContext): void {
  if (ctx.allowPrivateHosts || url.port === "") return;
  const port = Number(url.port);
  if (port === 80 || port === 443 || ctx.allowedPorts.includes(port)) return;
  throw fail("bad_url", url.href, `only the standard web ports (80 and 443) are allowed, not port ${port}.`);
}

function addressAllowed(addr: ResolvedAddress, ctx: CheckContext): boolean {
  if (ctx.allowPrivateHosts) return true;
  return ctx.isAllowedAddress(addr.address, addr.family);
}

/** Resolves the URL's host and checks every address; returns the addresses the socket may use. */
async function resolveAndCheck(url: URL, ctx: CheckContext, deadline: Promise<never>): Promise<ResolvedAddress[]> {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const literal = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await Promise.race([ctx.resolveHost(host), deadline]);
    } catch (err) {
      if (err instanceof FetchSourceError) throw err;
      throw fail("dns_failure", url.href, `the host name "${host}" could not be found.`, { cause: err });
    }
    if (addresses.length === 0) throw fail("dns_failure", url.href, `the host name "${host}" could not be found.`);
  }
  const refused = addresses.find((a) => !addressAllowed(a, ctx));
  if (refused) {
    const { range } = classifyAddress(refused.address);
    const what = literal ? "that address" : `"${host}" (${refused.address})`;
    throw fail("blocked_address", url.href, `${what} is a private, local or reserved network address (${range}), which research sources may not point to.`);
  }
  return addresses;
}

async function defaultResolveHost(hostname: string): Promise<ResolvedAddress[]> {
  const results = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
}

/** A `lookup` for http.request that only ever answers with the already-checked addresses. */
function pinnedLookup(addresses: ResolvedAddress[]): net.LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
    if (usable.length === 0) {
      const err: NodeJS.ErrnoException = new Error("no checked address for this family");
      err.code = "ENOTFOUND";
      callback(err, "", 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, usable[0].address, usable[0].family);
  };
}

// ------------------------------------------------------------------------------------------------- network

function requestOnce(url: URL, addresses: ResolvedAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(
      url,
      {
        method: "GET",
        agent: false, // a fresh connection per hop: no pooled socket to another host is ever reused
        lookup: pinnedLookup(addresses),
        signal,
        headers: {
          "user-agent": USER_AGENT,
          accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
          "accept-encoding": "gzip, deflate, br",
          "accept-language": "en;q=1, *;q=0.5",
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

function decodedStream(res: IncomingMessage, url: string): Readable {
  const encoding = (res.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;
  if (encoding === "identity" || encoding === "") return res;
  if (encoding === "gzip" || encoding === "x-gzip") decoder = zlib.createGunzip();
  else if (encoding === "deflate") decoder = zlib.createInflate();
  else if (encoding === "br") decoder = zlib.createBrotliDecompress();
  else throw fail("unsupported_type", url, `the server compressed the page in a way we can't read (${encoding}).`);
  return pipeline(res, decoder, () => {});
}

async function readBody(res: IncomingMessage, url: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => fail("too_large", url, `the page is larger than the ${formatBytes(maxBytes)} limit.`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const stream = decodedStream(res, url);
  if (stream !== res) {
    // Compressed: cap the bytes on the wire too (the decoded size is capped below).
    let received = 0;
    res.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) stream.destroy(tooLarge());
    });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)} KB`;
  return `${n} bytes`;
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: "the server refused the connection.",
  ECONNRESET: "the connection was reset by the server.",
  EHOSTUNREACH: "the server could not be reached.",
  ENETUNREACH: "the server could not be reached.",
  ENOTFOUND: "the host name could not be found.",
  EPROTO: "the secure (TLS) connection failed.",
  CERT_HAS_EXPIRED: "the site's security certificate has expired.",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the site's security certificate is not trusted.",
  SELF_SIGNED_CERT_IN_CHAIN: "the site's security certificate is not trusted.",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the site's security certificate is not trusted.",
  ERR_TLS_CERT_ALTNAME_INVALID: "the site's security certificate is for a different host name.",
  HPE_HEADER_OVERFLOW: "the server sent oversized headers.",
};

function networkError(err: unknown, url: string): FetchSourceError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "";
  const why = NETWORK_MESSAGES[code] ?? (code.startsWith("HPE_") ? "the server sent a malformed response." : "the connection failed.");
  return fail("network_error", url, why, { cause: err });
}

// ---------------------------------------------------------------------------------------------- fetchSource

export async function fetchSource(options: FetchSourceOptions): Promise<FetchedSource> {
  const { allowPrivateHosts = false, timeoutMs = 10_000, maxBytes = 2_000_000, maxRedirects = 3, allowedPorts = [], signal: outerSignal } = options;
  if (!(timeoutMs > 0) || !(maxBytes > 0) || !(Number.isInteger(maxRedirects) && maxRedirects >= 0)) {
    throw new TypeError("fetchSource: timeoutMs and maxBytes must be positive, maxRedirects a non-negative integer");
  }
  const ctx: CheckContext = {
    allowPrivateHosts,
    allowedPorts,
    isAllowedAddress: options.isAllowedAddress ?? ((address) => classifyAddress(address).isPublic),
    resolveHost: options.resolveHost ?? defaultResolveHost,
  };

  let url = parseUrl(String(options.url ?? ""));
  checkPort(url, ctx);

  // One deadline for everything. `controller` aborts the socket in flight; `deadline` rejects waits
  // that a socket abort can't interrupt (DNS).
  const controller = new AbortController();
  let stop: (err: FetchSourceError) => void = () => {};
  const deadline = new Promise<never>((_, reject) => {
    stop = reject;
  });
  deadline.catch(() => {});
  const abortWith = (err: FetchSourceError) => {
    if (controller.signal.aborted) return;
    controller.abort(err);
    stop(err);
  };
  const timer = setTimeout(() => abortWith(fail("timeout", url.href, `the site took longer than ${+(timeoutMs / 1000).toFixed(1)} s to respond.`)), timeoutMs);
  const onOuterAbort = () => abortWith(fail("aborted", url.href, "the request was cancelled."));
  if (outerSignal?.aborted) onOuterAbort();
  outerSignal?.addEventListener("abort", onOuterAbort, { once: true });

  try {
    for (let redirects = 0; ; redirects++) {
      if (controller.signal.aborted) throw controller.signal.reason;
      const addresses = await resolveAndCheck(url, ctx, deadline);
      let res: IncomingMessage;
      try {
        res = await Promise.race([requestOnce(url, addresses, controller.signal), deadline]);
      } catch (err) {
        if (err instanceof FetchSourceError) throw err;
        if (controller.signal.aborted) throw controller.signal.reason;
        throw networkError(err, url.href);
      }

      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status) && res.headers.location) {
        res.destroy();
        if (redirects >= maxRedirects) {
          throw fail("too_many_redirects", url.href, `the site redirected more than ${maxRedirects} times.`);
        }
        const next = parseUrl(res.headers.location, url);
        checkPort(next, ctx);
        url = next;
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        const reason = res.statusMessage ? ` ${res.statusMessage}` : "";
        throw fail("http_status", url.href, `the server answered HTTP ${status}${reason}.`, { status });
      }

      const contentType = parseContentType(res.headers["content-type"]);
      if (!contentType || !ACCEPTED_TYPES.has(contentType.essence)) {
        res.destroy();
        const what = contentType ? contentType.essence : "an unknown type";
        throw fail("unsupported_type", url.href, `it is ${what}, not a web page or plain text (only HTML and text can be read).`);
      }

      let body: Buffer;
      try {
        body = await Promise.race([readBody(res, url.href, maxBytes), deadline]);
      } catch (err) {
        res.destroy();
        if (err instanceof FetchSourceError) throw err;
        if (controller.signal.aborted) throw controller.signal.reason;
        throw networkError(err, url.href);
      }

      const isHtml = contentType.essence !== "text/plain";
      const decoded = decode(body, contentType.charset ?? (isHtml ? sniffHtmlCharset(body) : undefined));
      const { title, text } = isHtml ? extractText({ html: decoded, url: url.href }) : plainText(decoded, url);
      return { url: url.href, title, text, excerpt: makeExcerpt(text), contentType: contentType.essence };
    }
  } finally {
    clearTimeout(timer);
    outerSignal?.removeEventListener("abort", onOuterAbort);
    controller.abort(); // releases anything still attached to the signal
  }
}
