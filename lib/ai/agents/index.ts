// One agent per model-backed action.
import "server-only";
import { applyFixes, reviewArticle } from "@/lib/ai/agents/review";
import { researchTopic } from "@/lib/ai/agents/research";
import { applyStyle } from "@/lib/ai/agents/styling";
import { discoverTopics } from "@/lib/ai/agents/topic";
import type { Agent } from "@/lib/ai/agents/types";
import { reviseDraft, writeDraft } from "@/lib/ai/agents/writing";
import type { ActionName } from "@/lib/genflow/actions";

export const AGENTS: Partial<Record<ActionName, Agent>> = {
  discover_topics: discoverTopics,
  research_topic: researchTopic,
  write_draft: writeDraft,
  revise_draft: reviseDraft,
  apply_style: applyStyle,
  review_article: reviewArticle,
  apply_fixes: applyFixes,
};
