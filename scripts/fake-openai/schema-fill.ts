// Fills any JSON schema (as the AI SDK sends it: zod 4 → draft-07, normalised by @ai-sdk/openai)
// with a value that validates against it, using readable topic words instead of "string".
//
// Array lengths: `<field> count: N` in the prompt sets arrays under that property name (plural-
// insensitive, e.g. "Sections count: 5" → `sections`); a bare `Count: N` sets the outermost arrays.
// Both are clamped to minItems/maxItems. Other arrays get 2–4 items.
import { fillString, phrase } from "./strings";
import { type Lang, pick, type Rng, randInt } from "./text";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchemaDef>;
  required?: string[];
  additionalProperties?: JsonSchemaDef;
  minProperties?: number;
  items?: JsonSchemaDef | JsonSchemaDef[];
  prefixItems?: JsonSchemaDef[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: JsonValue[];
  const?: JsonValue;
  anyOf?: JsonSchemaDef[];
  oneOf?: JsonSchemaDef[];
  allOf?: JsonSchemaDef[];
  $ref?: string;
  $defs?: Record<string, JsonSchemaDef>;
  definitions?: Record<string, JsonSchemaDef>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}
export type JsonSchemaDef = JsonSchema | boolean;

export interface FillOptions {
  rng: Rng;
  lang: Lang;
  /** Topic vocabulary: English words or Chinese phrases taken from the prompt. */
  words: string[];
  counts: { general: number | undefined; byField: Record<string, number> };
}

interface Ctx extends FillOptions {
  root: JsonSchema;
  key: string;
  index: number;
  arrayDepth: number;
  /** $ref expansions so far: recursive schemas shrink to their minimum past a few levels. */
  refDepth: number;
}

const MAX_REF_DEPTH = 3;
const singular = (s: string) => s.toLowerCase().replace(/s$/, "");

export function fillSchema(schema: JsonSchema, options: FillOptions): JsonValue {
  // "<word> count: N" where <word> names no property (e.g. "Use count: 5") acts as a bare Count.
  const keys = new Set<string>();
  JSON.stringify(schema, (key, value: unknown) => {
    if (key === "properties" && value && typeof value === "object") for (const k of Object.keys(value)) keys.add(singular(k));
    return value;
  });
  const byField: Record<string, number> = {};
  let general = options.counts.general;
  for (const [field, n] of Object.entries(options.counts.byField)) {
    if (keys.has(singular(field))) byField[field] = n;
    else general ??= n;
  }
  const counts = { general, byField };
  return generate(schema, { ...options, counts, root: schema, key: "", index: 0, arrayDepth: 0, refDepth: 0 });
}

function resolveRef(ref: string, root: JsonSchema): JsonSchemaDef {
  if (ref === "#") return root;
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const table = m ? (m[1] === "$defs" ? root.$defs : root.definitions) : undefined;
  const name = m ? decodeURIComponent(m[2]).replace(/~1/g, "/").replace(/~0/g, "~") : "";
  return table?.[name] ?? true;
}

const isNullSchema = (d: JsonSchemaDef) => typeof d === "object" && (d.type === "null" || d.const === null);

function generate(def: JsonSchemaDef | undefined, ctx: Ctx): JsonValue {
  if (def === false) return null;
  if (def === undefined || def === true) return phrase(ctx, 3);
  let schema = def;
  if (schema.$ref) {
    const { $ref, ...rest } = schema;
    const target = resolveRef($ref, ctx.root);
    ctx = { ...ctx, refDepth: ctx.refDepth + 1 };
    schema = { ...(typeof target === "object" ? target : {}), ...rest };
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    // mergeSchemas resolves $refs inline, so count them here to keep recursion bounded.
    if (allOf.some((part) => typeof part === "object" && part.$ref)) ctx = { ...ctx, refDepth: ctx.refDepth + 1 };
    schema = allOf.reduce<JsonSchema>((acc, part) => mergeSchemas(acc, part, ctx.root), rest);
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return pick(ctx.rng, schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) {
    const deep = ctx.refDepth > MAX_REF_DEPTH;
    const chosen = branches.find((b) => isNullSchema(b) === deep) ?? branches[0];
    const { anyOf: _a, oneOf: _o, ...rest } = schema;
    // Plain spread (not mergeSchemas): a `$ref` branch must go through the counted path above.
    return generate(typeof chosen === "object" ? { ...rest, ...chosen } : chosen, ctx);
  }
  let type = schema.type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== "null");
    type = ctx.refDepth > MAX_REF_DEPTH && type.includes("null") ? "null" : (nonNull[0] ?? "null");
  }
  type ??= schema.properties || schema.additionalProperties ? "object" : schema.items ? "array" : "string";
  switch (type) {
    case "object":
      return fillObject(schema, ctx);
    case "array":
      return fillArray(schema, ctx);
    case "integer":
    case "number":
      return fillNumber(schema, ctx, type === "integer");
    case "boolean":
      return ctx.rng() < 0.6;
    case "null":
      return null;
    default:
      return fillString(schema, ctx);
  }
}

function mergeSchemas(base: JsonSchema, extra: JsonSchemaDef, root: JsonSchema): JsonSchema {
  if (typeof extra !== "object") return base;
  const resolved = extra.$ref ? resolveRef(extra.$ref, root) : extra;
  const part = typeof resolved === "object" ? { ...resolved, ...extra, $ref: undefined } : extra;
  return {
    ...base,
    ...part,
    properties: base.properties || part.properties ? { ...base.properties, ...part.properties } : undefined,
    required: [...(base.required ?? []), ...(part.required ?? [])],
  };
}

function fillObject(schema: JsonSchema, ctx: Ctx): JsonValue {
  const out: Record<string, JsonValue> = {};
  const required = new Set(schema.required ?? []);
  const shrink = ctx.refDepth > MAX_REF_DEPTH;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    // Optional properties are filled too (richer fixtures) unless a recursive schema must bottom out.
    if (shrink && !required.has(key)) continue;
    // Keep the enclosing array index so the i-th item's title/url differ from its siblings'.
    out[key] = generate(prop, { ...ctx, key });
  }
  const extra = schema.additionalProperties;
  if (!schema.properties && typeof extra === "object") {
    const want = Math.max(2, schema.minProperties ?? 0);
    for (let i = 0; i < want; i++) {
      const key = ctx.words[i % ctx.words.length] + (i >= ctx.words.length ? `_${i}` : "");
      out[key] = generate(extra, { ...ctx, key, index: i });
    }
  }
  return out;
}

function arrayLength(schema: JsonSchema, ctx: Ctx): number {
  const field = Object.entries(ctx.counts.byField).find(([f]) => singular(f) === singular(ctx.key));
  let n: number;
  if (ctx.refDepth > MAX_REF_DEPTH) n = 0;
  else if (field) n = field[1];
  else if (ctx.arrayDepth === 0 && ctx.counts.general !== undefined) n = ctx.counts.general;
  else n = randInt(ctx.rng, 2, 4);
  return Math.min(Math.max(n, schema.minItems ?? 0), schema.maxItems ?? Number.POSITIVE_INFINITY);
}

function fillArray(schema: JsonSchema, ctx: Ctx): JsonValue {
  const tuple = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
  const inner = { ...ctx, arrayDepth: ctx.arrayDepth + 1 };
  if (tuple) return tuple.map((item, index) => generate(item, { ...inner, index }));
  const itemSchema = Array.isArray(schema.items) ? undefined : schema.items;
  const length = arrayLength(schema, ctx);
  const out: JsonValue[] = [];
  const seen = new Set<string>();
  // Distinct items read better and satisfy uniqueItems; a few retries, then accept what we have.
  for (let index = 0, attempts = 0; out.length < length && attempts < length * 8; attempts++) {
    const value = generate(itemSchema, { ...inner, index });
    const keyed = JSON.stringify(value);
    if (seen.has(keyed) && attempts < length * 6) continue;
    if (seen.has(keyed) && schema.uniqueItems) continue;
    seen.add(keyed);
    out.push(value);
    index += 1;
  }
  return out;
}

function defaultRange(key: string): [number, number] {
  const k = key.toLowerCase();
  if (/year/.test(k)) return [2020, 2026];
  if (/rating|score|stars|priority|level/.test(k)) return [1, 5];
  if (/percent|progress|confidence|probability/.test(k)) return k.includes("prob") ? [0, 1] : [0, 100];
  if (/price|cost|amount|budget/.test(k)) return [5, 500];
  if (/minute|duration|time|seconds/.test(k)) return [3, 60];
  if (/count|number|total|quantity|size|length|words|index|order|position/.test(k)) return [1, 12];
  return [1, 100];
}

function fillNumber(schema: JsonSchema, ctx: Ctx, integer: boolean): number {
  const tiny = integer ? 1 : 1e-9;
  let lo = schema.minimum ?? Number.NEGATIVE_INFINITY;
  let hi = schema.maximum ?? Number.POSITIVE_INFINITY;
  // Draft-04 style boolean exclusives make minimum/maximum themselves exclusive.
  if (schema.exclusiveMinimum === true) lo += tiny;
  if (schema.exclusiveMaximum === true) hi -= tiny;
  if (typeof schema.exclusiveMinimum === "number") lo = Math.max(lo, schema.exclusiveMinimum + tiny);
  if (typeof schema.exclusiveMaximum === "number") hi = Math.min(hi, schema.exclusiveMaximum - tiny);
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  const [dLo, dHi] = defaultRange(ctx.key);
  let a = Math.max(lo, dLo);
  let b = Math.min(hi, dHi);
  if (a > b) [a, b] = lo > dHi ? [lo, Math.min(hi, lo + 100)] : [Math.max(lo, hi - 100), hi];
  const m = schema.multipleOf;
  if (m && m > 0) {
    const kLo = Math.ceil(a / m - 1e-9);
    const kHi = Math.floor(b / m + 1e-9);
    return Number((randInt(ctx.rng, kLo, Math.max(kLo, kHi)) * m).toFixed(10));
  }
  if (integer) return randInt(ctx.rng, a, b);
  const value = Math.round((a + ctx.rng() * (b - a)) * 100) / 100;
  return value >= lo && value <= hi ? value : (a + b) / 2;
}

/**
 * OpenAI rejects `strict: true` schemas unless every object lists all its properties in `required`
 * and sets `additionalProperties: false`. The AI SDK sends strict: true by default, and zod's
 * `.optional()` / `z.record()` break those rules — the fake reports them as OpenAI would (HTTP 400)
 * so such schemas fail in development rather than in production.
 */
export function strictSchemaProblem(def: JsonSchemaDef, path: string[] = []): string | undefined {
  if (typeof def !== "object") return undefined;
  const context = `context=(${path.map((p) => `'${p}'`).join(", ")})`;
  if (def.type === "object" || def.properties) {
    const keys = Object.keys(def.properties ?? {});
    const missing = keys.filter((k) => !(def.required ?? []).includes(k));
    if (missing.length > 0) {
      return `In ${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
    if (def.additionalProperties !== false) {
      return `In ${context}, 'additionalProperties' is required to be supplied and to be false.`;
    }
  }
  const children: [string[], JsonSchemaDef][] = [
    ...Object.entries(def.properties ?? {}).map(([k, v]): [string[], JsonSchemaDef] => [["properties", k], v]),
    ...Object.entries({ ...def.$defs, ...def.definitions }).map(([k, v]): [string[], JsonSchemaDef] => [["$defs", k], v]),
    ...(def.anyOf ?? []).map((v, i): [string[], JsonSchemaDef] => [["anyOf", String(i)], v]),
    ...(Array.isArray(def.items) ? [] : def.items ? [[["items"], def.items] as [string[], JsonSchemaDef]] : []),
  ];
  for (const [sub, child] of children) {
    const problem = strictSchemaProblem(child, [...path, ...sub]);
    if (problem) return problem;
  }
  return undefined;
}
