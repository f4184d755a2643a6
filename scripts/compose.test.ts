// compose.yaml is checked here on every test run (CI also runs `docker compose config` when a compose CLI is
// available; no Docker engine runs there): the services, their healthchecks and start order, and that every
// variable the app container receives or the file interpolates is documented in .env.example.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

const healthcheck = z.object({ test: z.union([z.string(), z.array(z.string())]), interval: z.string(), retries: z.number().int().positive() });
const service = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string() }).passthrough().optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  healthcheck,
});
const compose = z.object({ services: z.record(z.string(), service), volumes: z.record(z.string(), z.unknown().nullable()).optional() });

const text = readFileSync("compose.yaml", "utf8");
const file = compose.parse(parse(text));
const listed = new Set([...readFileSync(".env.example", "utf8").matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

describe("compose.yaml", () => {
  it("runs the app from the Dockerfile next to PostgreSQL and Redis, each with a healthcheck", () => {
    expect(Object.keys(file.services).sort()).toEqual(["app", "db", "redis"]);
    expect(file.services.app.build?.context).toBe(".");
    expect(file.services.db.image).toMatch(/^postgres:\d+/);
    expect(file.services.redis.image).toMatch(/^redis:\d+/);
    expect(JSON.stringify(file.services.db.healthcheck.test)).toContain("pg_isready");
    expect(JSON.stringify(file.services.redis.healthcheck.test)).toContain("redis-cli");
    expect(JSON.stringify(file.services.app.healthcheck.test)).toContain("/api/health");
  });

  it("starts the app only once the database and Redis are healthy, and points it at them", () => {
    expect(file.services.app.depends_on).toEqual({ db: { condition: "service_healthy" }, redis: { condition: "service_healthy" } });
    const env = file.services.app.environment ?? {};
    expect(String(env.DATABASE_URL)).toMatch(/^postgresql:\/\/genflow:.*@db:5432\/genflow$/);
    expect(env.REDIS_URL).toBe("redis://redis:6379");
    // A deployment without its own secret must not start: compose refuses to interpolate an unset one.
    expect(String(env.NEXTAUTH_SECRET)).toMatch(/^\$\{NEXTAUTH_SECRET:\?/);
  });

  it("migrates on start: the image's command applies migrations before npm start (next start), on Node 24", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    expect(dockerfile).toMatch(/CMD .*npm run db:migrate && npm start -- -p \$\{PORT\}/);
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toMatch(/^node .*node_modules\/next\/dist\/bin\/next start$/);
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24-/);
  });

  it("documents in .env.example every variable the app receives and every one the file interpolates", () => {
    const received = Object.keys(file.services.app.environment ?? {});
    const interpolated = [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    const missing = [...new Set([...received, ...interpolated])].filter((name) => !listed.has(name)).sort();
    expect(missing).toEqual([]);
  });
});
