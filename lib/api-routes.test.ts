import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, allowedMethods } from "@/lib/api-routes";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

function toPattern(file: string): string {
  return `/${file.replace(/\/route\.ts$/, "")}`
    .replace(/^\/app/, "")
    .replace(/\[\.\.\.[^\]]+\]/, "*")
    .replace(/\[([^\]]+)\]/g, ":$1");
}

function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found = new Set<string>();
  for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/handler as (GET|POST)/g)) found.add(m[1]);
  return [...found].sort();
}

describe("API_ROUTES", () => {
  it("lists every route file with exactly the methods it exports", () => {
    const fromFiles = routeFiles("app/api").map((file) => ({ pattern: toPattern(file), methods: exportedMethods(file) }));
    const fromTable = API_ROUTES.map((r) => ({ pattern: r.pattern, methods: [...r.methods].sort() }));
    const byPattern = (a: { pattern: string }, b: { pattern: string }) => a.pattern.localeCompare(b.pattern);
    expect(fromTable.sort(byPattern)).toEqual(fromFiles.sort(byPattern));
  });

  it("matches ids and rejects unknown paths", () => {
    expect(allowedMethods("/api/genflow/sessions/abc")).toEqual(["GET", "DELETE", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/genflow/sessions/abc/")).toEqual(["GET", "DELETE", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/auth/callback/credentials")).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/auth/sign-up")).toEqual(["POST", "OPTIONS"]);
    expect(allowedMethods("/api/genflow/nope")).toBeNull();
    expect(allowedMethods("/api/genflow/sessions/a/b")).toBeNull();
  });
});
