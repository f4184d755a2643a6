// The client's address for per-IP budgets. Behind Vercel or another proxy the platform sets
// X-Forwarded-For / X-Real-IP; `next start` fills X-Forwarded-For from the socket when it is absent.
import "server-only";

export function clientIp(headers: Headers | { get(name: string): string | null }): string {
  const real = headers.get("x-real-ip")?.trim();
  if (real) return real;
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || "unknown";
}
