// What the proposal routes answer, in zod (re-exported by responses.ts, documented in the OpenAPI document).
// Apart, like article-responses.ts, so the proposal domain can name its return types without importing the
// action registry. Client-importable: the editor reads these types.
import { z } from "zod";
import { articleResponse } from "@/lib/genflow/article-responses";
import { proposalChange } from "@/lib/genflow/merge";
import { STAGES } from "@/lib/genflow/stages";

// The statuses a proposal can have (the database enum also has "superseded", which is never written: an older
// pending proposal stays pending and is recomputed against the current text).
export const PROPOSAL_STATUSES = ["pending", "accepted", "rejected"] as const;
export const PROPOSAL_SOURCES = ["stage", "variant"] as const;

export const proposalResponse = z.object({
  id: z.string(),
  articleId: z.string(),
  sessionId: z.string().nullable(),
  runId: z.string().nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  source: z.enum(PROPOSAL_SOURCES),
  stage: z.enum(STAGES).nullable(),
  action: z.string().nullable(),
  model: z.string().nullable(),
  note: z.string().nullable(),
  variantId: z.string().nullable(),
  baseVersion: z.number().int().describe("The article version the AI started from"),
  title: z.string().nullable().describe("The AI's title, when it proposes one (applied only if the writer kept the base title)"),
  content: z.string().describe("The AI's whole text"),
  acceptedChanges: z.array(z.string()).nullable(),
  resolvedVersion: z.number().int().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  currentVersion: z.number().int().describe("The article version the changes were computed against"),
  changes: z.array(proposalChange).describe("The AI's changes against the current text (empty once resolved)"),
});

export const proposalListResponse = z.object({ proposals: z.array(proposalResponse) });
export const proposalAcceptedResponse = z.object({ proposal: proposalResponse, article: articleResponse });
export const proposalRejectedResponse = z.object({ proposal: proposalResponse });

export type ProposalChangeResponse = z.infer<typeof proposalChange>;
export type ProposalResponse = z.infer<typeof proposalResponse>;
export type ProposalAcceptedResponse = z.infer<typeof proposalAcceptedResponse>;
export type ProposalRejectedResponse = z.infer<typeof proposalRejectedResponse>;
