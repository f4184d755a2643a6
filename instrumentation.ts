// Next.js calls register() once per server process before the first request. Tracing is Node-only here (the
// app has no edge routes) and stays off unless an exporter is configured: see lib/tracing.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTracing } = await import("@/lib/tracing");
  await startTracing();
}
