// String values for schema-fill: picked by `format`, then by property name (title, url, summary…),
// then fitted to minLength/maxLength and, where possible, to `pattern`.
import { chineseSentence, englishSentence, type Lang, pick, type Rng, randInt } from "./text";

export interface StringCtx {
  rng: Rng;
  lang: Lang;
  words: string[];
  /** Property name the value is for (array items inherit their array's name). */
  key: string;
  /** Position within the enclosing array. */
  index: number;
}

export interface StringSchema {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

const EN_TITLES = [
  "A Practical Guide to {A}",
  "Understanding {A} and {B}",
  "How {A} Shapes {B}",
  "The Future of {A}",
  "{A} Best Practices",
  "Getting Started with {A}",
  "Lessons from {A}",
  "Why {A} Matters for {B}",
];
const ZH_TITLES = ["{A}的实践指南", "{A}的发展趋势", "如何理解{A}", "{A}入门", "{A}的核心要点", "{A}常见问题"];
const EN_NAMES = ["Alex Morgan", "Jamie Chen", "Priya Patel", "Sam Rivera", "Taylor Brooks"];
const ZH_NAMES = ["李明", "王芳", "张伟", "陈静", "刘洋"];
const titleCase = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());

// Rotating by array index keeps sibling items distinct (five titles → five different topic words).
const word = (ctx: StringCtx, offset = 0) => ctx.words[(ctx.index + offset) % ctx.words.length];
const slugOf = (ctx: StringCtx) =>
  `${word(ctx)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")}${ctx.index > 0 ? `-${ctx.index + 1}` : ""}`;
const slugOrTopic = (ctx: StringCtx) => (ctx.lang === "zh" ? `topic-${ctx.index + 1}` : slugOf(ctx));

export function phrase(ctx: StringCtx, n: number): string {
  return ctx.lang === "zh" ? chineseSentence(ctx.rng, n * 2, ctx.words).replace(/。$/, "") : englishSentence(ctx.rng, n, ctx.words).replace(/\.$/, "");
}

function sentences(ctx: StringCtx): string {
  const count = randInt(ctx.rng, 1, 2);
  const parts = Array.from({ length: count }, () =>
    ctx.lang === "zh" ? chineseSentence(ctx.rng, randInt(ctx.rng, 16, 28), ctx.words) : englishSentence(ctx.rng, randInt(ctx.rng, 9, 16), ctx.words),
  );
  return parts.join(ctx.lang === "zh" ? "" : " ");
}

function formatted(format: string, ctx: StringCtx): string | undefined {
  const r = (min: number, max: number) => String(randInt(ctx.rng, min, max)).padStart(2, "0");
  const hex = (n: number) => Array.from({ length: n }, () => randInt(ctx.rng, 0, 15).toString(16)).join("");
  switch (format) {
    case "uri":
    case "url":
    case "iri":
    case "uri-reference":
      return `https://example.com/${slugOrTopic(ctx)}`;
    case "email":
      return `${slugOrTopic(ctx).replace(/-/g, ".")}@example.com`;
    case "date-time":
      return `2025-${r(1, 12)}-${r(1, 28)}T${r(8, 18)}:${r(0, 59)}:00Z`;
    case "date":
      return `2025-${r(1, 12)}-${r(1, 28)}`;
    case "time":
      return `${r(8, 18)}:${r(0, 59)}:00`;
    case "uuid":
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(ctx.rng, ["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
    case "hostname":
      return "example.com";
    case "ipv4":
      return `192.0.2.${randInt(ctx.rng, 1, 254)}`;
    case "ipv6":
      return `2001:db8::${randInt(ctx.rng, 1, 9999)}`;
    case "duration":
      return `PT${randInt(ctx.rng, 5, 55)}M`;
    default:
      return undefined;
  }
}

function byKey(ctx: StringCtx): string {
  const k = ctx.key;
  const zh = ctx.lang === "zh";
  const template = (list: readonly string[]) =>
    list[(ctx.index + randInt(ctx.rng, 0, list.length - 1)) % list.length]
      .replace("{A}", zh ? word(ctx) : titleCase(word(ctx)))
      .replace("{B}", titleCase(word(ctx, 1)));
  if (/url|link|href|website|homepage|^image$|src$/i.test(k)) return formatted("uri", ctx) ?? "";
  if (/email/i.test(k)) return formatted("email", ctx) ?? "";
  if (/slug/i.test(k)) return slugOrTopic(ctx);
  if (/^id$|Id$|_id$|^uuid$/.test(k)) return `${slugOrTopic(ctx)}-${ctx.index + 1}`;
  if (/timestamp|At$|_at$/.test(k)) return formatted("date-time", ctx) ?? "";
  if (/^date|Date|_date/.test(k)) return formatted("date", ctx) ?? "";
  if (/author|person|owner|reviewer/i.test(k)) return pick(ctx.rng, zh ? ZH_NAMES : EN_NAMES);
  if (/title|name|heading|headline|label|caption/i.test(k)) return template(zh ? ZH_TITLES : EN_TITLES);
  if (/colou?r/i.test(k)) return `#${randInt(ctx.rng, 0x100000, 0xffffff).toString(16)}`;
  if (/^(lang|language|locale)$/i.test(k)) return ctx.lang;
  if (/tag|keyword|category|topic|skill|term/i.test(k)) return word(ctx);
  if (/question|query/i.test(k)) return zh ? `${word(ctx)}如何影响${word(ctx, 1)}？` : `How does ${word(ctx)} affect ${word(ctx, 1)}?`;
  if (/desc|summary|content|body|text|excerpt|abstract|paragraph|explanation|reason|rationale|answer|note|intro|conclusion|detail|message/i.test(k))
    return sentences(ctx);
  return phrase(ctx, randInt(ctx.rng, 3, 6));
}

function fitLength(value: string, schema: StringSchema, ctx: StringCtx): string {
  let chars = [...value];
  const min = schema.minLength ?? 0;
  while (chars.length < min) chars = [...chars, ...(ctx.lang === "zh" ? "" : " "), ...word(ctx, chars.length)];
  if (schema.maxLength !== undefined && chars.length > schema.maxLength) {
    const cut = chars.slice(0, schema.maxLength);
    // Prefer ending on a word boundary when that still satisfies minLength.
    const space = cut.lastIndexOf(" ");
    chars = /\S/.test(chars[schema.maxLength]) && space >= Math.max(min, 1) ? cut.slice(0, space) : cut;
    while (chars.length > Math.max(min, 1) && /\s/.test(chars[chars.length - 1])) chars.pop();
  }
  return chars.join("");
}

export function fillString(schema: StringSchema, ctx: StringCtx): string {
  const value = fitLength((schema.format && formatted(schema.format, ctx)) || byKey(ctx), schema, ctx);
  if (!schema.pattern) return value;
  let re: RegExp;
  try {
    re = new RegExp(schema.pattern, "u");
  } catch {
    return value;
  }
  if (re.test(value)) return value;
  // Patterns cannot be solved in general: try common shapes, keep the first that matches.
  const candidates = [slugOf(ctx), word(ctx), word(ctx).toUpperCase(), "example", "abc123", "ABC", "123"];
  for (const f of ["date", "date-time", "time", "uuid", "email", "uri"]) candidates.push(formatted(f, ctx) ?? "");
  return candidates.find((c) => re.test(c)) ?? value;
}
