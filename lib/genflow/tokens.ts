// API tokens for integrators: shown once, stored as a sha256 hash with a visible prefix.
import "server-only";
import { LRUCache } from "lru-cache";
import { createHash, randomBytes } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import type { CreatedTokenResponse, TokenResponse } from "@/lib/genflow/responses";
import { notFound } from "@/lib/errors";

const TOKEN_PREFIX = "gf_";
// lastUsedAt is informative; writing it on every request would cost a query per call under load.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isApiToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX);
}

const tokenView = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenView }>;

function toTokenResponse(row: TokenRow): TokenResponse {
  return { ...row, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null };
}

export async function createApiToken({ userId, name }: { userId: string; name: string }): Promise<CreatedTokenResponse> {
  const token = `${TOKEN_PREFIX}${randomBytes(30).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { userId, name, prefix: token.slice(0, 10), tokenHash: hashToken(token) },
    select: tokenView,
  });
  return { ...toTokenResponse(row), token };
}

export async function listApiTokens({ userId }: { userId: string }): Promise<TokenResponse[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: tokenView });
  return rows.map(toTokenResponse);
}

export async function revokeApiToken({ id, userId }: { id: string; userId: string }) {
  const { count } = await db.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  evictToken(id);
  if (count === 0) {
    const exists = await db.apiToken.findFirst({ where: { id, userId }, select: { id: true } });
    if (!exists) throw notFound("Token");
  }
}

// Integrators call in bursts; looking each token up again on every request doubled the queries of a read.
// A live token is remembered for a few seconds. Revoking evicts it here at once; another server instance
// (serverless) may accept it until its entry expires, at most TOKEN_CACHE_MS later.
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;
// Bounded, least recently used out first; entries carry their own expiry, checked against Date.now() like the
// rest of this module.
const tokenCache = new LRUCache<string, { userId: string; tokenId: string; until: number }>({ max: TOKEN_CACHE_MAX });

// Bumped by every revocation here: a lookup that started before one must not cache its (maybe stale) answer.
let revocations = 0;

function evictToken(tokenId: string) {
  revocations++;
  const hashes = [...tokenCache.entries()].filter(([, entry]) => entry.tokenId === tokenId).map(([hash]) => hash);
  for (const hash of hashes) tokenCache.delete(hash);
}

/** The user behind a bearer token, or null when it is unknown or revoked. */
export async function authenticateApiToken(token: string): Promise<{ userId: string; tokenId: string } | null> {
  const tokenHash = hashToken(token);
  const now = Date.now();
  const cached = tokenCache.get(tokenHash);
  if (cached && cached.until > now) return { userId: cached.userId, tokenId: cached.tokenId };
  const generation = revocations;
  const row = await db.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) {
    tokenCache.delete(tokenHash);
    return null;
  }
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  // A revocation here while we looked may have been this token's: answer this request, remember nothing.
  if (generation === revocations) {
    tokenCache.set(tokenHash, { userId: row.userId, tokenId: row.id, until: now + TOKEN_CACHE_MS });
  }
  return { userId: row.userId, tokenId: row.id };
}
