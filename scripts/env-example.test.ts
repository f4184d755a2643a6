// Docs match the code: every environment variable the project reads is listed in .env.example.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = ["lib", "app", "scripts", "components"];
const IGNORED = new Set(["NODE_ENV", "CI", "NEXT_PHASE", "PORT", "VERCEL", "E2E_BASE_URL"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|mjs)$/.test(name) && !name.includes(".test.") ? [path] : [];
  });
}

describe(".env.example", () => {
  it("lists every variable that lib/env.ts validates and the app and scripts read", () => {
    const listed = new Set([...readFileSync(".env.example", "utf8").matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const envSchema = readFileSync("lib/env.ts", "utf8");
    const read = new Set([...envSchema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    for (const file of ROOTS.flatMap(files)) {
      for (const m of readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]+)|runtimeEnv\("([A-Z][A-Z0-9_]+)"\)/g)) read.add(m[1] ?? m[2]);
    }
    const wanted = [...read].filter(
      (name) =>
        !IGNORED.has(name) &&
        !name.startsWith("E2E_") &&
        !name.startsWith("BENCH_") &&
        !name.startsWith("FAKE_OPENAI_") &&
        !name.startsWith("CHROMIUM") &&
        !name.endsWith("_"),
    );
    expect(wanted.filter((name) => !listed.has(name)).sort()).toEqual([]);
  });
});
