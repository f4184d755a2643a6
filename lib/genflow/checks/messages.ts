// The words of the review and platform checks, from their structured details: English in the API (`message`),
// the writer's interface language in the editor. Older stored checks without the details keep their message.
import type { Dictionary } from "@/lib/i18n";

export type CheckMessages = Dictionary["checkMessages"];

export interface CheckLike {
  id: string;
  message?: string;
  details?: unknown;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

// The unit a length is counted in, and the readability measure, by the text's language.
const UNIT = { zh: "characters", en: "words" } as const;
const READABILITY = { zh: "sentenceLength", en: "fleschEase" } as const;

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

export function describeCheck(check: CheckLike, t: CheckMessages): string {
  const d = (check.details ?? {}) as Record<string, unknown>;
  const list = (items: unknown[]) => items.join(t.separator);
  switch (check.id) {
    case "citations":
      if (Array.isArray(d.unresolved) && isNumber(d.cited)) {
        const marks = (items: unknown[]) => list(items.map((n) => `[${n}]`));
        const problems = [
          d.unresolved.length ? fill(t.citationsMissing, { list: marks(d.unresolved) }) : "",
          Array.isArray(d.unverified) && d.unverified.length ? fill(t.citationsUnverified, { list: marks(d.unverified) }) : "",
          isNumber(d.lost) && d.lost > 0 ? fill(t.citationsLost, { n: d.lost }) : "",
          isNumber(d.uncited) && d.uncited > 0 ? fill(t.citationsNone, { n: d.uncited }) : "",
        ].filter(Boolean);
        return problems.length ? problems.join("; ") : fill(t.citationsOk, { n: d.cited });
      }
      break;
    case "outline":
      if (Array.isArray(d.missing) && d.missing.length) return fill(t.outlineMissing, { list: list(d.missing) });
      if (Array.isArray(d.missing) && isNumber(d.total)) return fill(t.outlineOk, { n: d.total });
      break;
    case "banned-terms":
      if (Array.isArray(d.found)) return d.found.length ? fill(t.bannedFound, { list: list(d.found) }) : t.bannedOk;
      break;
    case "length":
      // A platform variant's length is measured against the platform's limit.
      if (isNumber(d.length) && isNumber(d.max) && (d.language === "zh" || d.language === "en")) {
        return fill(t.maxLength, { length: d.length, max: d.max, unit: t[UNIT[d.language]] });
      }
      if (isNumber(d.length) && isNumber(d.targetLength) && d.targetLength > 0 && (d.language === "zh" || d.language === "en")) {
        const deviation = Math.round(((d.length - d.targetLength) / d.targetLength) * 100) || 0; // never "-0"
        const unit = t[UNIT[d.language]];
        return fill(t.length, { length: d.length, unit, target: d.targetLength, deviation: `${deviation >= 0 ? "+" : ""}${deviation}` });
      }
      break;
    case "max-length":
      if (isNumber(d.length) && isNumber(d.max) && (d.language === "zh" || d.language === "en")) {
        return fill(t.maxLength, { length: d.length, max: d.max, unit: t[UNIT[d.language]] });
      }
      break;
    case "no-headings":
      if (typeof d.hasHeadings === "boolean") return d.hasHeadings ? t.headingsFound : t.noHeadings;
      break;
    case "post-length":
      if (isNumber(d.over) && isNumber(d.posts) && isNumber(d.limit)) return fill(t.postLength, { over: d.over, posts: d.posts, limit: d.limit });
      break;
    case "readability":
      if (isNumber(d.score) && (d.language === "zh" || d.language === "en")) {
        if (d.language === "en" && d.words === 0) return t.noText;
        return fill(t[READABILITY[d.language]], { score: d.score });
      }
      break;
  }
  return check.message ?? check.id;
}
