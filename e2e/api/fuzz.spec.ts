// Property-based fuzz of the whole API (finding 4): requests drawn from the OpenAPI document — every
// documented route and method, plus wrong methods — with drawn path ids (real, foreign, malformed escapes),
// query values, bodies (schema-shaped, wrong types, deep nesting, lone surrogates, NUL, invalid JSON, raw
// bytes), content types, encodings and credentials. Property: never a 5xx, and every error is
// `{error:{code,message}}` JSON. Sent over raw node:http so malformed paths and bytes reach the server.
import http from "node:http";
import fc from "fast-check";
import { createWriter, expect, test, type Writer } from "../fixtures";
import { runAction } from "../pipeline";

const API = "/api/genflow";
const RUNS = Number(process.env.FUZZ_RUNS ?? 550);
const PARALLEL = 4;
const WRITERS = 8;

interface Operation {
  method: string;
  path: string;
  query: { name: string; schema: Record<string, unknown> }[];
  body?: Record<string, unknown>;
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL * 2 });

function send({
  base,
  method,
  path,
  headers,
  body,
}: {
  base: URL;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { ...headers, ...(body ? { "content-length": String(body.length) } : {}) },
        agent,
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Raw non-ASCII in a request line is refused by node:http itself; a real client sends it %-escaped (as UTF-8). */
function escapeNonAscii(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join(""));
}

function hasErrorCode(text: string): boolean {
  try {
    const { error } = JSON.parse(text);
    return typeof error?.code === "string" && typeof error?.message === "string";
  } catch {
    return false;
  }
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
      }
    >
  >;
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema })),
      body: op.requestBody?.content["application/json"]?.schema,
    })),
  );
}

// --- arbitraries -------------------------------------------------------------------------------------

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "😀",
    "<script>alert(1)</script>",
    '\'; DROP TABLE "User"; --',
    "../../etc/passwd",
    "%ff",
    "null",
    "NaN",
    "1e309",
    "x".repeat(5000),
  ),
);
const anyScalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt().map((b) => Number(b)),
);

/** A value shaped by a JSON Schema most of the time, anything some of the time. */
function fromSchema(schema: Record<string, unknown> | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyScalar;
  const wild = fc.oneof(anyScalar, fc.array(anyScalar, { maxLength: 3 }), fc.dictionary(hostileString, anyScalar, { maxKeys: 3 }));
  const options = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(options))
    return fc.oneof(
      { arbitrary: fc.oneof(...options.map((o) => fromSchema(o as Record<string, unknown>, depth + 1))), weight: 4 },
      { arbitrary: wild, weight: 1 },
    );
  let shaped: fc.Arbitrary<unknown>;
  if (Array.isArray(schema.enum)) shaped = fc.constantFrom(...(schema.enum as unknown[]));
  else if (schema.const !== undefined) shaped = fc.constant(schema.const);
  else if (schema.type === "string")
    shaped = fc.oneof(fc.string({ maxLength: 60 }), hostileString, fc.constantFrom("https://example.com/x", "http://127.0.0.1/x", "a@b.co"));
  else if (schema.type === "integer" || schema.type === "number") shaped = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.integer(), fc.double());
  else if (schema.type === "boolean") shaped = fc.boolean();
  else if (schema.type === "array") shaped = fc.array(fromSchema(schema.items as Record<string, unknown>, depth + 1), { maxLength: 4 });
  else if (schema.type === "object" || schema.properties) {
    const props = Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>);
    shaped = fc.record(Object.fromEntries(props.map(([k, s]) => [k, fromSchema(s, depth + 1)])), { requiredKeys: [] });
  } else shaped = wild;
  return fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: wild, weight: 1 });
}

const nested = fc.integer({ min: 20, max: 6000 }).map((n) => `{"a":${"[".repeat(n)}${"]".repeat(n)}}`);
const escaped = fc.constantFrom(
  '{"title":"\\ud800"}',
  '{"action":"select_topic","parameters":{"title":"\\udc00"}}',
  '{"name":"a\\u0000"}',
  '{"\\ud83d":1}',
  '{"content":"\\u0000","baseVersion":1}',
);

/** POST …/actions: an action named in the document with parameters shaped by its own schema, most of the time. */
function actionBodies(actions: { title: string; schema: Record<string, unknown> }[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    ...actions.map(({ title, schema }) => fc.record({ action: fc.constant(title), parameters: fromSchema(schema) }, { requiredKeys: ["action"] })),
  );
}

function bodyFor(op: Operation, actions: { title: string; schema: Record<string, unknown> }[]): fc.Arbitrary<Buffer | undefined> {
  const shaped = op.path === "/sessions/{id}/actions" ? fc.oneof(actionBodies(actions), fromSchema(op.body)) : fromSchema(op.body);
  return fc.oneof(
    { arbitrary: shaped.map((v) => Buffer.from(JSON.stringify(v) ?? "null")), weight: 6 },
    { arbitrary: nested.map((t) => Buffer.from(t)), weight: 1 },
    { arbitrary: escaped.map((t) => Buffer.from(t)), weight: 1 },
    { arbitrary: fc.constantFrom("{", "not json", "[1,2", '{"a":1}{"b":2}', "\ufeff{}", "", "null", "[]", "1").map((t) => Buffer.from(t)), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

const contentType = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "text/plain",
      "text/plain;json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=json",
      "application/json; charset=latin1",
      "APPLICATION/JSON",
      "",
      "application/vnd.api+json",
    ),
    weight: 2,
  },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

test.describe("The whole API under a property-based fuzz", () => {
  test.setTimeout(600_000);

  test(`≥ ${RUNS * PARALLEL} drawn requests over every route and method in openapi.json → no 5xx, every error JSON`, async ({ request, baseURL }) => {
    const base = new URL(baseURL ?? "");
    const doc = await (await request.get(`${API}/openapi.json`)).json();
    const operations = operationsOf(doc);
    const actions: { title: string; schema: Record<string, unknown> }[] = doc.components.schemas.ActionParameters.oneOf.map(
      ({ title, ...schema }: { title: string }) => ({ title, schema }),
    );
    expect(operations.length).toBeGreaterThan(25);

    // Writers with real resources to aim at: a session with a run, an article with revisions, a spare token.
    const writers: (Writer & { ids: Record<string, string[]> })[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const w = await createWriter(`fuzz${i}`);
      const { sessionId, articleId } = await (await w.bearer.post(`${API}/sessions`, { data: { title: `Fuzz ${i}` } })).json();
      // Spares for the drawn DELETEs, so most draws still aim at live resources.
      const spares = await Promise.all(
        [1, 2, 3].map(async () => (await (await w.bearer.post(`${API}/sessions`, { data: {} })).json()) as { sessionId: string; articleId: string }),
      );
      const { actionId } = await (
        await w.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "select_topic", parameters: { title: "Fuzzing" } } })
      ).json();
      const { revisions } = await (await w.bearer.get(`${API}/articles/${articleId}/revisions`)).json();
      const spare = await (await w.bearer.post(`${API}/tokens`, { data: { name: "spare" } })).json();
      const hook = await (await w.bearer.post(`${API}/webhooks`, { data: { url: "https://example.com/hook", events: ["run.failed"] } })).json();
      // A platform variant (apply_style on the fake model) and the proposal it became, for the variant and
      // proposal routes to aim at.
      const styled = (await (await w.bearer.post(`${API}/sessions`, { data: { initialStage: "styling", title: `Fuzz styled ${i}` } })).json()) as {
        sessionId: string;
        articleId: string;
      };
      await w.bearer.patch(`${API}/articles/${styled.articleId}`, { data: { baseVersion: 1, content: "## Roofs\n\nRooftop farms cool buildings." } });
      const style = await runAction(w, styled.sessionId, "apply_style", { preset: "formal", platform: "linkedin" });
      const variantId = String((style.result as { variantId: string }).variantId);
      const applied = await (await w.bearer.post(`${API}/articles/${styled.articleId}/variants/${variantId}/apply`, { data: {} })).json();
      writers.push({
        ...w,
        ids: {
          sessions: [sessionId, ...spares.map((x) => x.sessionId)],
          articles: [articleId, ...spares.map((x) => x.articleId)],
          tokens: [spare.id],
          webhooks: [hook.id],
          actionId: [actionId],
          revisionId: revisions.map((r: { id: string }) => r.id),
          styledArticles: [styled.articleId],
          variantId: [variantId],
          proposalId: [applied.proposal.id],
        },
      });
    }

    /** An id of the kind the path wants: mostly the caller's own, sometimes another writer's, sometimes hostile. */
    const kindOf = (name: string, path: string) => {
      if (name === "id" && /\/(variants|proposals)/.test(path)) return "styledArticles";
      return name === "id" ? (/^\/(\w+)/.exec(path)?.[1] ?? "sessions") : name;
    };
    // DELETEs aim at the spares; everything else at the first (live) session and article, so the fuzz keeps
    // reaching the state machine instead of 404s.
    const ownIds = (name: string, path: string, writer: number, method: string) => {
      const ids = writers[writer].ids[kindOf(name, path)] ?? ["none"];
      return ids.length > 1 ? (method === "DELETE" ? ids.slice(1) : ids.slice(0, 1)) : ids;
    };
    const pathParam = (name: string, path: string, writer: number, method: string) =>
      fc.oneof(
        { arbitrary: fc.constantFrom(...ownIds(name, path, writer, method)), weight: 6 },
        { arbitrary: fc.constantFrom(...writers.flatMap((w) => w.ids[kindOf(name, path)] ?? [])), weight: 1 },
        {
          arbitrary: fc.constantFrom(
            "%ff",
            "%",
            "%E0%A4%A",
            "%00",
            "..",
            "%2e%2e",
            "a%2Fb",
            "x".repeat(300),
            "clx000000000000000000000",
            "😀",
            "%F0%9F%98%80",
            "null",
            "-1",
          ),
          weight: 2,
        },
        { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map(encodeURIComponent), weight: 1 },
      );

    const requestArb = fc
      .record({
        // Actions drive the state machine, runs and webhooks: drawn more often than the other operations.
        op: fc.oneof(...operations.map((op) => ({ arbitrary: fc.constant(op), weight: op.method === "POST" && op.path === "/sessions/{id}/actions" ? 8 : 1 }))),
        writer: fc.nat({ max: WRITERS - 1 }),
        methodSwap: fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 9 },
          { arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), weight: 1 },
        ),
        auth: fc.oneof({ arbitrary: fc.constant("token"), weight: 8 }, { arbitrary: fc.constantFrom("none", "garbage", "gf_unknown", "basic"), weight: 1 }),
        // Forged or broken session cookies, and header values a proxy might pass along.
        cookie: fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 8 },
          {
            arbitrary: fc.constantFrom(
              "next-auth.session-token=eyJhbGciOiJub25lIn0.e30.",
              "next-auth.session-token=%ff%fe",
              "next-auth.session-token=x; next-auth.session-token=y",
              "__Secure-next-auth.session-token=garbage",
            ),
            weight: 1,
          },
        ),
        extra: fc.oneof(
          { arbitrary: fc.constant<[string, string][]>([]), weight: 8 },
          {
            arbitrary: fc.constantFrom<[string, string][]>(
              [["x-forwarded-for", "not-an-ip, ::ffff:999"]],
              [["accept-language", "zh;q=abc,,,"]],
              [["x-real-ip", ""]],
              [["origin", "null"]],
              [["x-long", "x".repeat(4000)]],
            ),
            weight: 1,
          },
        ),
        type: contentType,
        accept: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.constantFrom("text/event-stream", "text/html", "*/*"), weight: 1 }),
        encoding: fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: fc.constantFrom("gzip", "br", "identity"), weight: 1 }),
        seed: fc.nat(),
      })
      .chain(({ op, ...rest }) => {
        const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        return fc
          .record({
            params: fc.tuple(...params.map((name) => pathParam(name, op.path, rest.writer, rest.methodSwap ?? op.method))),
            query: fc.array(
              fc.oneof(
                ...(op.query.length
                  ? op.query.map((q) => fromSchema(q.schema).map((v): [string, string] => [q.name, typeof v === "string" ? v : (JSON.stringify(v) ?? "")]))
                  : [fc.tuple(hostileString, hostileString)]),
              ),
              { maxLength: 4 },
            ),
            body: bodyFor(op, actions),
          })
          .map((drawn) => ({ op, ...rest, ...drawn }));
      });

    let sent = 0;
    let serverErrors = 0;
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    await fc
      .assert(
        fc.asyncProperty(fc.array(requestArb, { minLength: PARALLEL, maxLength: PARALLEL }), async (drawn) => {
          const answers = await Promise.all(
            drawn.map(async (r) => {
              let i = 0;
              const path = `${API}${r.op.path.replace(/\{\w+\}/g, () => r.params[i++] ?? "")}`;
              // Node answers a request head over 16 KB itself (a bare 431, before any app code runs), and a redirect
              // repeats the query twice in its head: keep the drawn query to ~6 KB (one of the 5,000-character values).
              let used = 0;
              const pairs = r.query.filter(([k, v]) => {
                used += k.length + v.length;
                return used <= 6_000;
              });
              const search = new URLSearchParams(pairs).toString();
              const method = r.methodSwap ?? r.op.method;
              const w = writers[r.writer];
              const auth = {
                token: `Bearer ${w.token}`,
                none: undefined,
                garbage: "Bearer !!!",
                gf_unknown: "Bearer gf_00000000000000000000",
                basic: "Basic YTpi",
              }[r.auth];
              const body = method === "GET" || method === "DELETE" ? undefined : r.body;
              const headers: Record<string, string> = {
                ...Object.fromEntries(r.extra),
                ...(r.cookie ? { cookie: r.cookie } : {}),
                ...(auth ? { authorization: auth } : {}),
                ...(r.type !== undefined && body ? { "content-type": r.type } : {}),
                ...(r.accept ? { accept: r.accept } : {}),
                ...(r.encoding && body ? { "content-encoding": r.encoding } : {}),
              };
              try {
                const answer = await send({ base, method, path: escapeNonAscii(search ? `${path}?${search}` : path), headers, body });
                return { method, path, answer };
              } catch (error) {
                return { method, path, answer: { status: 599, type: "", text: `client error: ${(error as Error).message}` } };
              }
            }),
          );
          for (const { method, path, answer } of answers) {
            sent++;
            byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500) serverErrors++;
            const jsonError = answer.status < 400 || (answer.type.includes("application/json") && hasErrorCode(answer.text));
            if (answer.status >= 500 || !jsonError) failures.push(`${method} ${path} → ${answer.status} ${answer.type} ${answer.text.slice(0, 200)}`);
          }
          return failures.length === 0;
        }),
        { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: true },
      )
      .catch((error: Error) => {
        throw new Error(`${error.message.split("\n").slice(0, 3).join("\n")}\nfailures:\n${failures.slice(0, 10).join("\n")}`);
      });
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(`fuzz: ${sent} requests over ${operations.length} operations, ${serverErrors} answered 5xx (${statuses.join(" ")})`);
    expect(serverErrors).toBe(0);
    expect(sent).toBeGreaterThanOrEqual(2000);
    await Promise.all(writers.flatMap((w) => [w.cookie.dispose(), w.bearer.dispose()]));
  });
});
