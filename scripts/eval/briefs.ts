// The eval's fixed briefs (eval/briefs/*.yaml): read, validated with zod, and picked by id.
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { PLATFORMS, STYLE_PRESETS } from "@/lib/genflow/action-options";

export const BRIEFS_DIR = resolve(fileURLToPath(import.meta.url), "../../../eval/briefs");

const text = (max: number) => z.string().trim().min(1).max(max);

export const briefSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  language: z.enum(["en", "zh"]),
  topic: text(300),
  angle: text(1000),
  audience: text(300),
  /** Words (en) or characters (zh), as write_draft's targetLength. */
  targetLength: z.number().int().min(100).max(20_000),
  style: z.object({ preset: z.enum(STYLE_PRESETS), platform: z.enum(PLATFORMS) }),
  bannedTerms: z.array(text(100)).min(1).max(2),
  sources: z
    .array(z.object({ title: text(300), text: text(1500) }))
    .min(2)
    .max(4),
});
export type Brief = z.infer<typeof briefSchema>;

/** A brief, flag or option the caller got wrong: printed as a message, without a stack. */
export class EvalInputError extends Error {}

/** Every brief in `dir`, sorted by id; `ids` picks some (an unknown id is an error, not an empty run). */
export async function loadBriefs({ dir = BRIEFS_DIR, ids }: { dir?: string; ids?: string[] } = {}): Promise<Brief[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const briefs: Brief[] = [];
  for (const file of files) {
    const parsed = briefSchema.safeParse(parse(await readFile(join(dir, file), "utf8")));
    if (!parsed.success) throw new EvalInputError(`${file}: ${z.prettifyError(parsed.error)}`);
    if (`${parsed.data.id}.yaml` !== file && `${parsed.data.id}.yml` !== file)
      throw new EvalInputError(`${file}: id ${parsed.data.id} does not match the file name`);
    briefs.push(parsed.data);
  }
  if (!ids) return briefs;
  const unknown = ids.filter((id) => !briefs.some((b) => b.id === id));
  if (unknown.length) throw new EvalInputError(`unknown brief(s): ${unknown.join(", ")} (known: ${briefs.map((b) => b.id).join(", ")})`);
  return briefs.filter((b) => ids.includes(b.id));
}
