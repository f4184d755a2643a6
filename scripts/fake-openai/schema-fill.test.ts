import { zodSchema } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateContent } from "./content";
import { fillSchema, type JsonSchema, strictSchemaProblem } from "./schema-fill";
import { createRng, hashString } from "./text";

async function jsonSchemaOf(schema: z.ZodType): Promise<JsonSchema> {
  // The same conversion the AI SDK applies before sending the schema to the provider.
  return (await zodSchema(schema).jsonSchema) as JsonSchema;
}

type Tree = { label: string; children: Tree[] };
const TreeNode: z.ZodType<Tree> = z.object({
  label: z.string(),
  get children() {
    return z.array(TreeNode).max(3);
  },
});

const schemas: Record<string, z.ZodType> = {
  nested: z.object({
    title: z.string().min(5).max(80),
    author: z.object({ name: z.string(), email: z.email(), homepage: z.url() }),
    sections: z
      .array(z.object({ heading: z.string(), bullets: z.array(z.string()).min(2).max(4) }))
      .min(1)
      .max(8),
  }),
  formats: z.object({
    id: z.uuid(),
    publishedAt: z.iso.datetime(),
    day: z.iso.date(),
    slug: z.string().regex(/^[a-z0-9-]+$/),
    code: z.string().regex(/^[A-Z]{3}$/),
    links: z.array(z.url()).min(3).max(3),
  }),
  numbers: z.object({
    rating: z.number().int().min(1).max(5),
    share: z.number().gt(0).lt(1),
    step: z.number().multipleOf(0.25).min(10).max(11),
    big: z.number().int().min(1000),
    negative: z.number().max(-50),
    year: z.number().int(),
  }),
  choices: z.object({
    tone: z.enum(["formal", "casual", "playful"]),
    tags: z
      .array(z.enum(["a", "b", "c", "d"]))
      .min(2)
      .max(4),
    kind: z.literal("article"),
    flag: z.boolean(),
    maybe: z.string().nullable(),
    either: z.union([z.object({ type: z.literal("x"), x: z.number() }), z.object({ type: z.literal("y") })]),
    optional: z.string().optional(),
    scores: z.record(z.string(), z.number().min(0).max(1)),
    pair: z.tuple([z.string(), z.number()]),
  }),
  recursive: z.object({ root: TreeNode }),
  topArray: z
    .array(z.object({ question: z.string(), answer: z.string() }))
    .min(1)
    .max(10),
};

describe("fillSchema", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`produces values that validate: ${name}`, async () => {
      const json = await jsonSchemaOf(schema);
      // Many seeds: random choices (lengths, enum picks, branches) must all stay valid.
      for (let seed = 0; seed < 40; seed++) {
        const prompt = `Topic: Sustainable urban gardening ${seed}\nLanguage: ${seed % 2 ? "zh" : "en"}`;
        const value: unknown = JSON.parse(generateContent(prompt, json));
        const result = schema.safeParse(value);
        expect(result.error?.issues ?? [], JSON.stringify(value)).toEqual([]);
      }
    });
  }

  it("honours `Count: N` on the outermost array and `<field> count: N` on named arrays", async () => {
    const json = await jsonSchemaOf(schemas.nested);
    const value = JSON.parse(generateContent("Topic: Tea\nSections count: 5\nBullets count: 3", json));
    expect(value.sections).toHaveLength(5);
    for (const section of value.sections) expect(section.bullets).toHaveLength(3);

    const top = await jsonSchemaOf(z.object({ items: z.array(z.string()).max(10) }));
    expect(JSON.parse(generateContent("Write them.\nCount: 7", top)).items).toHaveLength(7);
    expect(JSON.parse(generateContent("Count: 25", top)).items).toHaveLength(10); // clamped to maxItems
    // A count naming no property acts as a bare Count.
    expect(JSON.parse(generateContent("Please use count: 4", top)).items).toHaveLength(4);
  });

  it("writes readable, topic-related strings and Chinese when asked", async () => {
    const json = await jsonSchemaOf(schemas.nested);
    const en = JSON.parse(generateContent("Topic: Sourdough baking at home\nSections count: 3", json));
    expect(JSON.stringify(en)).toMatch(/sourdough|baking/i);
    expect(en.author.homepage).toMatch(/^https:\/\/example\.com\//);
    const headings = en.sections.map((s: { heading: string }) => s.heading);
    expect(new Set(headings).size).toBe(headings.length);

    const zh = JSON.parse(generateContent("主题：家庭烘焙酸面包\nLanguage: zh", json));
    expect(zh.title).toMatch(/\p{Script=Han}/u);
    expect(JSON.stringify(zh)).toContain("家庭烘焙酸面包");
  });

  it("is deterministic per prompt and differs across prompts", async () => {
    const json = await jsonSchemaOf(schemas.nested);
    expect(generateContent("Topic: A", json)).toBe(generateContent("Topic: A", json));
    expect(generateContent("Topic: A", json)).not.toBe(generateContent("Topic: B", json));
  });

  it("bottoms out recursive schemas", () => {
    const value = fillSchema(
      { type: "object", properties: { next: { anyOf: [{ $ref: "#" }, { type: "null" }] } }, required: ["next"] },
      { rng: createRng(hashString("x")), lang: "en", words: ["tea"], counts: { general: undefined, byField: {} } },
    );
    // A linked list through "#": past the depth limit the null branch ends the chain.
    expect(JSON.stringify(value)).toMatch(/^(\{"next":)+null\}+$/);
  });
});

describe("strictSchemaProblem", () => {
  it("accepts what OpenAI strict mode accepts", async () => {
    const json = await jsonSchemaOf(schemas.nested);
    expect(strictSchemaProblem(json)).toBeUndefined();
  });

  it("flags optional properties and records like OpenAI does", async () => {
    const optional = await jsonSchemaOf(z.object({ a: z.string(), b: z.string().optional() }));
    expect(strictSchemaProblem(optional)).toMatch(/'required'.*Missing 'b'/);
    const record = await jsonSchemaOf(z.object({ m: z.record(z.string(), z.number()) }));
    expect(strictSchemaProblem(record)).toMatch(/context=\('properties', 'm'\).*additionalProperties/);
  });
});
