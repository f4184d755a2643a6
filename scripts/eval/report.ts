// The eval's table: one row per brief, then the means. Columns are explained in the README ("Article eval").
import type { BriefResult } from "./harness";
import { meanOf } from "./scoring";

export const FAKE_MODEL_NOTE =
  "NOTE: these figures come from the fake model (scripts/fake-openai): they prove the harness works end to end and say NOTHING about article quality.";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${Math.round(v * 100)}%`);
const signedPct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${v > 0 ? "+" : ""}${Math.round(v * 100)}%`);
const num = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? "–" : v.toFixed(digits));

const COLUMNS = [
  "brief",
  "lang",
  "reached",
  "cites",
  "resolve",
  "support",
  "outline",
  "len err",
  "plat err",
  "banned",
  "read",
  "calls",
  "prompt tok",
  "compl tok",
  "cost $",
  "wall s",
] as const;

function row(r: BriefResult): string[] {
  const s = r.score;
  return [
    r.brief.id,
    r.brief.language,
    r.error ? `FAIL@${r.reached.at(-1) ?? "start"}` : r.reached.at(-1) === "export_article" ? "export" : (r.reached.at(-1) ?? "–"),
    num(s?.citations),
    pct(s?.resolvedShare),
    pct(r.supportedShare),
    s ? `${s.outline.covered}/${s.outline.total}` : "–",
    signedPct(s?.lengthError),
    signedPct(s?.platformLengthError),
    s ? (s.bannedFound.length ? s.bannedFound.join(",") : "0") : "–",
    num(s?.readability),
    num(r.usage.calls),
    num(r.usage.inputTokens),
    num(r.usage.outputTokens),
    num(r.usage.costUsd, 4),
    num(r.wallMs / 1000, 1),
  ];
}

function meanRow(results: BriefResult[]): string[] {
  const scored = results.map((r) => r.score);
  const mean = (pick: (r: BriefResult) => number | null | undefined) => meanOf(results.map(pick));
  return [
    `mean (${results.length})`,
    "",
    `${results.filter((r) => !r.error).length}/${results.length} ok`,
    num(
      mean((r) => r.score?.citations),
      1,
    ),
    pct(mean((r) => r.score?.resolvedShare)),
    pct(mean((r) => r.supportedShare)),
    pct(meanOf(scored.map((s) => s?.outline.share))),
    // Errors are averaged as sizes: +20% and −20% do not cancel out to a perfect 0.
    pct(mean((r) => (r.score ? Math.abs(r.score.lengthError) : null))).replace(/^(\d)/, "±$1"),
    signedPct(mean((r) => r.score?.platformLengthError)),
    num(
      mean((r) => r.score?.bannedFound.length),
      1,
    ),
    "–", // Flesch (en) and characters per sentence (zh) do not average together
    num(
      mean((r) => r.usage.calls),
      1,
    ),
    num(mean((r) => r.usage.inputTokens)),
    num(mean((r) => r.usage.outputTokens)),
    num(
      mean((r) => r.usage.costUsd),
      4,
    ),
    num(
      mean((r) => r.wallMs / 1000),
      1,
    ),
  ];
}

/** The printed table; `fake` adds the note that the figures are not quality. */
export function formatTable(results: BriefResult[], { fake, judged }: { fake: boolean; judged: boolean }): string {
  const rows = [[...COLUMNS], ...results.map(row), meanRow(results)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows.at(-1) as string[])];
  for (const r of results) if (r.error) out.push(`${r.brief.id} failed after ${r.reached.at(-1) ?? "nothing"}: ${r.error}`);
  if (!judged) out.push("support: run with --judge to have the model check each cited sentence against its source.");
  const zh = results.filter((r) => r.brief.language === "zh" && r.score).map((r) => r.score?.readability);
  const en = results.filter((r) => r.brief.language === "en" && r.score).map((r) => r.score?.readability);
  out.push(`readability means: Flesch (en, higher is easier) ${num(meanOf(en))}; characters per sentence (zh, lower is easier) ${num(meanOf(zh))}`);
  if (fake) out.unshift(FAKE_MODEL_NOTE, "");
  if (fake) out.push("", FAKE_MODEL_NOTE);
  return out.join("\n");
}

/** A fake run: the server reported a fake model id, or the eval started the fake model itself. */
export function isFakeRun(results: BriefResult[], startedFake: boolean): boolean {
  return startedFake || results.some((r) => r.models.some((m) => m.startsWith("fake-")));
}
