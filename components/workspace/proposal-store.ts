"use client";
// The pending proposals of one article, shared by the editor (changes shown in the document) and the side
// rail's list: one store per article, so a decision taken in either shows in both.
// Deciding a change (accept / reject) is local until every change of its proposal is decided, or the writer
// applies the decisions: then ONE request resolves the proposal — accept with the accepted ids (one revision),
// or reject when none was accepted. Decisions are kept by the change's content, not its id: ids are only
// stable for one article version, and the writer keeps typing.
import { useSyncExternalStore } from "react";
import { type ArticleProposal, acceptProposal, getProposal, listPendingProposals, ProposalError, rejectProposal } from "@/components/workspace/proposal-client";
import type { ProposalChange } from "@/lib/genflow/merge";
import type { ArticleResponse } from "@/lib/genflow/responses";

export type Decision = "accept" | "reject";

/** The editor that shows the article: saves what the writer typed before a proposal is resolved, and takes the result in place. */
export interface ProposalHost {
  /** Saves unsaved edits; the saved version, or null when that is not possible now (an open conflict). */
  prepare: () => Promise<number | null>;
  applied: (article: ArticleResponse) => void;
  /** The stored text the editor shows, and its version (for showing an insertion where a reader expects it). */
  stored: () => { version: number; content: string };
}

export interface ProposalState {
  loaded: boolean;
  proposals: ArticleProposal[];
  /** proposalId → change signature → decision */
  decisions: Record<string, Record<string, Decision>>;
  busy: string | null;
  error: { kind: "changed" | "failed"; message?: string } | null;
  /** "Accept all" met overlaps with the writer's edits: they wait for a decision each (proposalId, how many). */
  overlapsLeft: { proposalId: string; n: number } | null;
}

export const changeKey = (c: Pick<ProposalChange, "kind" | "base" | "proposed" | "current">) => `${c.kind}\u0000${c.base}\u0000${c.current}\u0000${c.proposed}`;

const EMPTY: ProposalState = { loaded: false, proposals: [], decisions: {}, busy: null, error: null, overlapsLeft: null };

/**
 * "Accept all" never takes the AI's side of an overlap with the writer's edits: with overlaps, every other change
 * is marked accepted (decisions, keyed by content) and the overlaps stay undecided for the writer; without, the
 * ids of all changes. Pure: unit-tested.
 */
export function acceptAllPlan(
  changes: readonly Pick<ProposalChange, "id" | "kind" | "base" | "proposed" | "current">[],
  decisions: Record<string, Decision> = {},
): { ids: string[] } | { decisions: Record<string, Decision>; overlaps: number } {
  const overlaps = changes.filter((c) => c.kind === "conflict" && decisions[changeKey(c)] === undefined);
  if (overlaps.length === 0) {
    // Overlaps the writer already decided count as decided: their accepted ones go too.
    return { ids: changes.filter((c) => c.kind !== "conflict" || decisions[changeKey(c)] === "accept").map((c) => c.id) };
  }
  const marked = { ...decisions };
  for (const c of changes) if (c.kind !== "conflict") marked[changeKey(c)] = "accept";
  return { decisions: marked, overlaps: overlaps.length };
}

class ProposalStore {
  state: ProposalState = EMPTY;
  host: ProposalHost | null = null;
  private listeners = new Set<() => void>();
  private reading = 0;

  constructor(readonly articleId: string) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.state;

  private set(patch: Partial<ProposalState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  refresh = async () => {
    const read = ++this.reading;
    try {
      const proposals = await listPendingProposals(this.articleId);
      if (read !== this.reading) return;
      const decisions: ProposalState["decisions"] = {};
      for (const p of proposals) if (this.state.decisions[p.id]) decisions[p.id] = this.state.decisions[p.id];
      this.set({ loaded: true, proposals, decisions });
    } catch (error) {
      if (read === this.reading) this.set({ loaded: true, error: { kind: "failed", message: error instanceof Error ? error.message : String(error) } });
    }
  };

  /** A decision on one change (by its key, see changeKey); null takes it back. */
  decide = (proposalId: string, key: string, decision: Decision | null) => {
    const proposal = this.state.proposals.find((p) => p.id === proposalId);
    if (!proposal || this.state.busy) return;
    const mine = { ...(this.state.decisions[proposalId] ?? {}) };
    if (decision) mine[key] = decision;
    else delete mine[key];
    const left = this.state.overlapsLeft?.proposalId === proposalId ? null : this.state.overlapsLeft;
    this.set({ decisions: { ...this.state.decisions, [proposalId]: mine }, error: null, overlapsLeft: left });
    // The last decision resolves the proposal.
    if (proposal.changes.every((c) => mine[changeKey(c)])) void this.apply(proposalId);
  };

  /** Resolves a proposal with its decisions so far: undecided changes count as rejected. */
  apply = (proposalId: string) => {
    const mine = this.state.decisions[proposalId] ?? {};
    const take = Object.entries(mine)
      .filter(([, d]) => d === "accept")
      .map(([key]) => key);
    return this.resolve(proposalId, take);
  };

  /** Every change except overlaps with the writer's edits, which are left to decide one by one. */
  acceptAll = async (proposalId: string) => {
    const proposal = this.state.proposals.find((p) => p.id === proposalId);
    if (!proposal || this.state.busy) return;
    if (!this.markOverlaps(proposalId, proposal.changes)) await this.resolve(proposalId, "all");
  };

  /** With overlaps still undecided: marks the rest accepted and says so; true when it did. */
  private markOverlaps(proposalId: string, changes: ProposalChange[]): boolean {
    const plan = acceptAllPlan(changes, this.state.decisions[proposalId]);
    if ("ids" in plan) return false;
    this.set({ decisions: { ...this.state.decisions, [proposalId]: plan.decisions }, overlapsLeft: { proposalId, n: plan.overlaps }, error: null });
    return true;
  }
  rejectAll = (proposalId: string) => this.resolve(proposalId, []);

  private async resolve(proposalId: string, take: "all" | string[]) {
    if (this.state.busy) return;
    this.set({ busy: proposalId, error: null, overlapsLeft: null });
    try {
      if (take !== "all" && take.length === 0) {
        await rejectProposal(this.articleId, proposalId);
      } else {
        const version = this.host ? await this.host.prepare() : null;
        if (this.host && version === null) {
          this.set({ error: { kind: "changed" } });
          return;
        }
        // Read again: the writer's last save moved the article on, and the ids with it.
        const proposal = await getProposal(this.articleId, proposalId);
        if (version !== null && proposal.currentVersion !== version) {
          this.set({ error: { kind: "changed" } });
          return;
        }
        // "All" read again: the writer's last save may have made an overlap; then it waits for their decision.
        if (take === "all" && this.markOverlaps(proposalId, proposal.changes)) return;
        const ids =
          take === "all"
            ? acceptAllIds(proposal.changes, this.state.decisions[proposalId])
            : proposal.changes.filter((c) => take.includes(changeKey(c))).map((c) => c.id);
        if (take !== "all" && ids.length < take.length) {
          this.set({ error: { kind: "changed" } });
          return;
        }
        // Always the ids: an omitted list would take the AI's side of every overlap (CONTRACT.md).
        const { article } = await acceptProposal(this.articleId, proposalId, { version: proposal.currentVersion, changeIds: ids });
        this.host?.applied(article);
      }
      const decisions = { ...this.state.decisions };
      delete decisions[proposalId];
      this.set({ decisions, proposals: this.state.proposals.filter((p) => p.id !== proposalId) });
    } catch (error) {
      const changed = error instanceof ProposalError && (error.code === "stale_version" || error.code === "conflict");
      this.set({ error: changed ? { kind: "changed" } : { kind: "failed", message: error instanceof Error ? error.message : String(error) } });
    } finally {
      this.set({ busy: null });
      void this.refresh();
    }
  }
}

function acceptAllIds(changes: ProposalChange[], decisions?: Record<string, Decision>): string[] {
  const plan = acceptAllPlan(changes, decisions);
  return "ids" in plan ? plan.ids : [];
}

const stores = new Map<string, ProposalStore>();

export function proposalStore(articleId: string): ProposalStore {
  let store = stores.get(articleId);
  if (!store) {
    store = new ProposalStore(articleId);
    stores.set(articleId, store);
    void store.refresh();
  }
  return store;
}

export function useProposals(articleId: string) {
  const store = proposalStore(articleId);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, () => EMPTY);
  return { state, store };
}
