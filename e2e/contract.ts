// The API's contract, checked on every real response: each request an API spec makes through a checked
// request context is matched to its operation in the OpenAPI document the server serves, and the answer must
// have a documented status, a documented media type and, for JSON, a body valid against the documented schema.
// So the document cannot drift from what the routes answer.
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

interface MediaType {
  schema?: object;
}
interface Operation {
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
interface Document {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ["get", "post", "put", "patch", "delete", "head", "fetch"] as const;

/** Where each worker notes the (method, path, status) it checked: read by the contract coverage spec. */
export const COVERAGE_DIR = join(process.env.E2E_OUTPUT_DIR ?? "test-results", "contract");

let loaded: Promise<{ doc: Document; prefix: string }> | undefined;
const validators = new Map<string, ValidateFunction>();
// Formats are not checked (zod already validated what the server produced); the shapes are.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

export function loadDocument(baseURL: string) {
  loaded ??= fetch(new URL("/api/genflow/openapi.json", baseURL)).then(async (res) => {
    if (!res.ok) throw new Error(`GET /api/genflow/openapi.json → ${res.status}`);
    const doc: Document = await res.json();
    return { doc, prefix: doc.servers[0]?.url ?? "/api/genflow" };
  });
  return loaded;
}

/** The documented path template that serves `path` (literal segments before `{params}`). */
function findTemplate(doc: Document, path: string): string | undefined {
  const parts = path.split("/");
  const candidates = Object.keys(doc.paths).filter((template) => {
    const t = template.split("/");
    return t.length === parts.length && t.every((seg, i) => (seg.startsWith("{") ? parts[i] !== "" : seg === parts[i]));
  });
  const literal = (template: string) => template.split("/").filter((seg) => !seg.startsWith("{")).length;
  return candidates.sort((a, b) => literal(b) - literal(a))[0];
}

function noteCoverage(entry: string) {
  mkdirSync(COVERAGE_DIR, { recursive: true });
  appendFileSync(join(COVERAGE_DIR, `worker-${process.env.TEST_WORKER_INDEX ?? "0"}.txt`), `${entry}\n`);
}

function hasMalformedEscape(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** Throws, naming the operation and what differs, when `response` breaks the document. */
export async function checkResponse(baseURL: string, method: string, response: Pick<APIResponse, "url" | "status" | "headers" | "json">): Promise<void> {
  const { doc, prefix } = await loadDocument(baseURL);
  const url = new URL(response.url());
  if (!url.pathname.startsWith(`${prefix}/`)) return; // not the REST API (next-auth, health, pusher auth)
  const path = url.pathname.slice(prefix.length);
  const status = String(response.status());
  const template = findTemplate(doc, path);
  const operation = template ? doc.paths[template]?.[method] : undefined;
  // Next.js itself answers an unknown path or method (404/405) before any route runs, and proxy.ts a path
  // with a malformed %-escape (400): not operations of the API.
  if (!template || !operation) {
    if (response.status() === 404 || response.status() === 405) return;
    if (response.status() === 400 && hasMalformedEscape(path)) return;
    throw new Error(`Contract: ${method.toUpperCase()} ${path} answered ${status} but is not in the OpenAPI document`);
  }
  const name = `${method.toUpperCase()} ${template}`;
  const documented = operation.responses[status];
  if (!documented) throw new Error(`Contract: ${name} answered ${status}, which the document does not list (${Object.keys(operation.responses).join(", ")})`);
  const mediaType = (response.headers()["content-type"] ?? "").split(";")[0].trim();
  const content = documented.content ?? {};
  if (response.status() !== 204 && Object.keys(content).length > 0 && !(mediaType in content)) {
    throw new Error(`Contract: ${name} ${status} answered ${mediaType || "no content type"}, documented: ${Object.keys(content).join(", ")}`);
  }
  const schema = content[mediaType]?.schema;
  if (mediaType === "application/json" && schema) {
    const key = `${name} ${status}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      validators.set(key, validate);
    }
    const body: unknown = await response.json();
    if (!validate(body)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`);
      throw new Error(
        `Contract: ${name} ${status} does not match its documented schema:\n  ${errors.join("\n  ")}\nbody: ${JSON.stringify(body).slice(0, 500)}`,
      );
    }
  }
  noteCoverage(`${name} ${status}`);
}

/** The same request context, each of whose answers is checked against the document before the spec sees it. */
export function checked(context: APIRequestContext, baseURL: string): APIRequestContext {
  return new Proxy(context, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = METHODS.find((m) => m === property);
      if (!method) return value.bind(target);
      return async (url: unknown, options?: { method?: string }) => {
        const response: APIResponse = await value.call(target, url, options);
        const verb = method === "fetch" ? (options?.method ?? "get").toLowerCase() : method;
        // A CORS preflight is answered by proxy.ts for every path, not by an operation of the document.
        if (verb !== "options") await checkResponse(baseURL, verb, response);
        return response;
      };
    },
  });
}
