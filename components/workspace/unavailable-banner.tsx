"use client";
// A calm note while the server answers 503 (database or model provider briefly unavailable): nothing is lost,
// the panel retries by itself after the server's Retry-After.
export function UnavailableBanner({ text }: { text: string }) {
  return (
    <div role="status" aria-live="polite" className="rounded-md bg-slate-100 p-3 text-sm text-slate-700" data-testid="unavailable-banner">
      {text}
    </div>
  );
}

/** Seconds to wait after a 503, from its Retry-After (bounded: a calm pace, never a tight loop). */
export function retryAfterSeconds(res: Response): number {
  const value = Number(res.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? Math.min(30, Math.ceil(value)) : 5;
}
