// What the variant routes answer, in zod (client-safe: the variants panel imports the types, lib/openapi.ts
// documents them). A variant is the article restyled for one platform, kept beside the article.
import { z } from "zod";
import { PLATFORMS, STYLE_PRESETS } from "@/lib/genflow/action-options";
import { proposalResponse } from "@/lib/genflow/proposal-responses";

const check = z.object({ id: z.string(), passed: z.boolean(), message: z.string(), details: z.unknown().optional() });

export const variantResponse = z.object({
  id: z.string(),
  articleId: z.string(),
  platform: z.enum(PLATFORMS),
  preset: z.enum(STYLE_PRESETS),
  title: z.string(),
  content: z.string(),
  version: z.number().int().describe("Bumped on every save; PATCH must send the version it edited"),
  sourceVersion: z.number().int().describe("The article version the variant was made from"),
  model: z.string().nullable(),
  checks: z.array(check).describe("The platform's length and format checks, computed on the last save"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const variantListResponse = z.object({ variants: z.array(variantResponse) });

export type VariantResponse = z.infer<typeof variantResponse>;
export type VariantCheck = z.infer<typeof check>;

// POST …/variants/{variantId}/apply: the proposal the variant became (source "variant").
export const appliedVariantResponse = z.object({ proposal: proposalResponse });

/** A variant as apply_style makes it, before it is stored (lib/genflow/variants.ts insertVariant). */
export type NewVariant = Omit<VariantResponse, "version" | "createdAt" | "updatedAt">;
