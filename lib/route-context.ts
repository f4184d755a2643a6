// Route-handler context types (Next 16 passes params as a promise).
export type IdContext = { params: Promise<{ id: string }> };
export type RevisionContext = { params: Promise<{ id: string; revisionId: string }> };
export type RunContext = { params: Promise<{ id: string; actionId: string }> };
export type ProposalContext = { params: Promise<{ id: string; proposalId: string }> };
