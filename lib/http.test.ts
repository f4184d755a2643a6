import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { jsonDepth, localeFrom, MAX_JSON_DEPTH, readJson } from "@/lib/http";

const schema = z.object({ name: z.string(), count: z.number().int() });

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request("http://localhost/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("readJson", () => {
  it("parses and validates a good body", async () => {
    expect(await readJson(post(JSON.stringify({ name: "a", count: 2 })), schema)).toEqual({ name: "a", count: 2 });
  });

  it("rejects bad JSON with 400", async () => {
    const error = await errorOf(readJson(post("{nope"), schema));
    expect([error.code, error.status]).toEqual(["invalid_json", 400]);
  });

  it("rejects wrong fields with 422 naming the field", async () => {
    const error = await errorOf(readJson(post(JSON.stringify({ name: "a", count: "two" })), schema));
    expect([error.code, error.status]).toEqual(["validation_failed", 422]);
    expect(error.message).toContain("count");
    expect(error.details).toEqual([expect.objectContaining({ field: "count" })]);
  });

  it("rejects a body over 1 MB with 413, by header and by counting a streamed body", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    const byHeader = await errorOf(readJson(post(big, { "content-type": "application/json", "content-length": String(big.length) }), schema));
    expect(byHeader.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("y".repeat(64 * 1024)));
        controller.close();
      },
    });
    const byCount = await errorOf(readJson(post(stream, { "content-type": "application/json" }), schema));
    expect(byCount.status).toBe(413);
  });

  it("rejects a non-JSON content type with 415", async () => {
    const error = await errorOf(readJson(post("name=a", { "content-type": "application/x-www-form-urlencoded" }), schema));
    expect(error.status).toBe(415);
  });
});

describe("readJson against hostile bodies", () => {
  const loose = z.unknown();

  it("accepts only exactly application/json (charset utf-8 allowed)", async () => {
    expect(await readJson(post("{}", { "content-type": "application/json; charset=UTF-8" }), loose)).toEqual({});
    for (const type of ["text/plain;json", "application/x-www-form-urlencoded;json", "multipart/form-data; boundary=json", "application/jsonx", "text/plain"]) {
      const error = await errorOf(readJson(post("{}", { "content-type": type }), loose));
      expect([type, error.status, error.code]).toEqual([type, 415, "unsupported_media_type"]);
    }
    expect((await errorOf(readJson(post("{}", {}), loose))).status).toBe(415);
  });

  it("refuses JSON nested deeper than the limit with 422 naming it, without overflowing the stack", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const error = await errorOf(readJson(post(deep), loose));
    expect([error.status, error.message]).toEqual([422, `Invalid body: JSON may nest at most ${MAX_JSON_DEPTH} levels deep`]);
    const ok = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
    expect(await readJson(post(ok), loose)).toBeDefined();
  });

  it("counts depth outside strings only", () => {
    expect(jsonDepth('{"a":"[[[[{{{{\\"","b":[1,{"c":[]}]}')).toBe(4);
    expect(jsonDepth('"\\"[[[["')).toBe(0);
  });

  it("refuses a lone surrogate or NUL in a key or value with 422", async () => {
    for (const body of ['{"name":"\\ud800"}', '{"name":"a\\udc00b"}', '{"\\ud83d":1}', '{"name":"a\\u0000"}']) {
      const error = await errorOf(readJson(post(body), loose));
      expect([body, error.status]).toEqual([body, 422]);
    }
    expect(await readJson(post('{"name":"\\ud83d\\ude00"}'), loose)).toEqual({ name: "😀" });
  });
});

describe("localeFrom", () => {
  it("prefers ?locale, then Accept-Language", () => {
    expect(localeFrom(new Request("http://x/?locale=zh"))).toBe("zh");
    expect(localeFrom(new Request("http://x/", { headers: { "accept-language": "zh-CN,zh;q=0.9" } }))).toBe("zh");
    expect(localeFrom(new Request("http://x/", { headers: { "accept-language": "de" } }))).toBe("en");
  });
});
