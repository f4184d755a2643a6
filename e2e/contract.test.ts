// The contract check itself (e2e/contract.ts), against the real OpenAPI document served over HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi";
import { checkResponse } from "./contract";

let server: Server;
let baseURL = "";

beforeAll(async () => {
  const doc = JSON.stringify(buildOpenApiDocument());
  server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(doc));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function answer(path: string, status: number, body: unknown, contentType = "application/json") {
  return { url: () => `${baseURL}${path}`, status: () => status, headers: () => ({ "content-type": contentType }), json: async () => body };
}

const token = { id: "t1", name: "ci", prefix: "gf_ab", createdAt: "2026-12-02T05:00:00.000Z", lastUsedAt: null, revokedAt: null };

describe("the contract check", () => {
  it("passes an answer that matches its documented schema, with a parameterized path", async () => {
    await expect(checkResponse(baseURL, "get", answer("/api/genflow/tokens", 200, { tokens: [token] }))).resolves.toBeUndefined();
    await expect(checkResponse(baseURL, "get", answer("/api/genflow/sessions/abc/events?after=0", 200, { events: [], lastSeq: 0 }))).resolves.toBeUndefined();
  });

  it("fails a body that breaks the schema, naming the field", async () => {
    const bad = answer("/api/genflow/tokens", 200, { tokens: [{ ...token, name: 42 }] });
    await expect(checkResponse(baseURL, "get", bad)).rejects.toThrow(/GET \/tokens 200 does not match[\s\S]*\/tokens\/0\/name/);
  });

  it("fails an undocumented status or media type, and a route missing from the document", async () => {
    await expect(checkResponse(baseURL, "get", answer("/api/genflow/tokens", 201, { tokens: [] }))).rejects.toThrow(
      /answered 201, which the document does not list/,
    );
    await expect(checkResponse(baseURL, "get", answer("/api/genflow/tokens", 200, "<p>hi</p>", "text/html"))).rejects.toThrow(/answered text\/html/);
    await expect(checkResponse(baseURL, "get", answer("/api/genflow/unknown/thing", 200, {}))).rejects.toThrow(/is not in the OpenAPI document/);
  });

  it("checks error bodies against the one error schema, and leaves other paths alone", async () => {
    await expect(
      checkResponse(baseURL, "get", answer("/api/genflow/tokens", 401, { error: { code: "unauthorized", message: "Sign in" } })),
    ).resolves.toBeUndefined();
    await expect(checkResponse(baseURL, "get", answer("/api/genflow/tokens", 401, { message: "Sign in" }))).rejects.toThrow(/does not match/);
    await expect(checkResponse(baseURL, "get", answer("/api/health", 200, "anything", "text/plain"))).resolves.toBeUndefined();
  });
});
