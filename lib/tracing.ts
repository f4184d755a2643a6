// OpenTelemetry for the server, loaded by instrumentation.ts. Off unless an exporter is configured
// (OTEL_EXPORTER_OTLP_ENDPOINT or …_TRACES_ENDPOINT, or a Vercel tracing integration): then requests, outgoing
// fetches (each model HTTP attempt, so retries show), Prisma queries, runs (lib/genflow/run-trace.ts) and the
// AI SDK's model calls (model, tokens, latency; never prompts or answers: lib/ai/call.ts) become spans.
// No `server-only` here: instrumentation.ts is loaded outside the React server graph.
import { env } from "@/lib/env";

export function isTracingConfigured(): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.VERCEL_OTEL_ENDPOINTS);
}

/**
 * Registers the tracer provider and the AI SDK integration when an exporter is configured; returns whether.
 * The SDK is imported only then: a server without tracing loads none of it.
 */
export async function startTracing(): Promise<boolean> {
  if (!isTracingConfigured()) return false;
  const [{ registerOTel }, { PrismaInstrumentation }, { OpenTelemetry }, { registerTelemetry }, { trace }] = await Promise.all([
    import("@vercel/otel"),
    import("@prisma/instrumentation"),
    import("@ai-sdk/otel"),
    import("ai"),
    import("@opentelemetry/api"),
  ]);
  registerOTel({ serviceName: env.OTEL_SERVICE_NAME ?? "genflow", instrumentations: ["fetch"] });
  // Enabled only now, with the provider just registered: enabled earlier (its constructor's default) it keeps
  // the tracer provider of whichever @opentelemetry/api copy it loaded, which in a Next.js build is not always
  // the one @vercel/otel registers with, and every query span would go nowhere.
  const prisma = new PrismaInstrumentation({ enabled: false });
  prisma.setTracerProvider(trace.getTracerProvider());
  prisma.enable();
  registerTelemetry(new OpenTelemetry());
  return true;
}
