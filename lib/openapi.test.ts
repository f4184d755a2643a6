import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS } from "@/lib/genflow/actions";
import { buildOpenApiDocument } from "@/lib/openapi";

const API_ROOT = join(process.cwd(), "app/api/genflow");

function findRoutes(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findRoutes(path);
    return name === "route.ts" ? [path] : [];
  });
}

/** Every (method, path) the file system serves under app/api/genflow. */
function servedOperations(): string[] {
  return findRoutes(API_ROOT).flatMap((file) => {
    const dir = relative(API_ROOT, file).split(sep).slice(0, -1);
    const path = `/${dir.map((part) => part.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
    const source = readFileSync(file, "utf8");
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1]);
    return methods.map((method) => `${method.toLowerCase()} ${path}`);
  });
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is OpenAPI 3.1 with JSON Schema bodies", () => {
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/sessions"].post as { requestBody: { content: { "application/json": { schema: { properties: object } } } } };
    expect(Object.keys(create.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["articleId", "title", "initialStage", "context", "language"]),
    );
  });

  it("documents one action request body per action of the registry, with its parameters", () => {
    const post = doc.paths["/sessions/{id}/actions"].post as {
      requestBody: {
        content: { "application/json": { schema: { anyOf: { title: string; properties: Record<string, { const?: string; properties?: object }> }[] } } };
      };
    };
    const bodies = post.requestBody.content["application/json"].schema.anyOf;
    expect(bodies.map((b) => b.properties.action.const)).toEqual(ACTIONS.map((a) => a.name));
    const style = bodies.find((b) => b.title === "apply_style");
    expect(Object.keys(style?.properties.parameters.properties ?? {})).toEqual(["preset", "platform"]);
  });

  it("documents every route served under app/api/genflow (fails when one is missing)", () => {
    const served = servedOperations();
    expect(served.length).toBeGreaterThan(15);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(served.filter((op) => !documented.includes(op))).toEqual([]);
    expect(documented.filter((op) => !served.includes(op))).toEqual([]);
  });
});
