// CLI: run the fake OpenAI server for `npm run dev` / e2e.
//   npx tsx scripts/fake-openai/main.ts [--port 4010] [--host 127.0.0.1]
// Environment (flags win over env):
//   FAKE_OPENAI_PORT (4010)  FAKE_OPENAI_HOST (127.0.0.1)
//   FAKE_OPENAI_TTFT_MS (200) FAKE_OPENAI_TPS (200; 0 = instant)
//   FAKE_OPENAI_FAULT_RATE (0) FAKE_OPENAI_FAULT_KINDS ("429,500,malformed,cut") FAKE_OPENAI_FAULT_SEED (1)
//   FAKE_OPENAI_STRICT_SCHEMAS (1; 0 accepts strict schemas that real OpenAI rejects)
// Runtime control over HTTP: GET /__fake/stats, POST /__fake/faults|latency|reset, GET /health.
import { parseArgs } from "node:util";
import { DEFAULT_RATE_KINDS, type FaultKind, isFaultKind } from "./faults";
import { startFakeOpenAI } from "./server";

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

function envKinds(): FaultKind[] {
  const raw = process.env.FAKE_OPENAI_FAULT_KINDS;
  if (!raw) return DEFAULT_RATE_KINDS;
  const kinds = raw
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  const bad = kinds.filter((k) => !isFaultKind(k));
  if (bad.length > 0) throw new Error(`FAKE_OPENAI_FAULT_KINDS has unknown kind(s): ${bad.join(", ")}`);
  return kinds.filter(isFaultKind);
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" } } });
  const port = values.port ? Number(values.port) : envNumber("FAKE_OPENAI_PORT", 4010);
  const host = values.host ?? process.env.FAKE_OPENAI_HOST ?? "127.0.0.1";
  const fake = await startFakeOpenAI({
    port,
    host,
    latency: { ttftMs: envNumber("FAKE_OPENAI_TTFT_MS", 200), tokensPerSecond: envNumber("FAKE_OPENAI_TPS", 200) },
    faults: {
      rate: envNumber("FAKE_OPENAI_FAULT_RATE", 0),
      kinds: envKinds(),
      seed: envNumber("FAKE_OPENAI_FAULT_SEED", 1),
    },
    strictSchemas: process.env.FAKE_OPENAI_STRICT_SCHEMAS !== "0",
  });
  // Scripts wait for this exact line (or poll GET /health).
  console.log(`fake-openai listening on ${fake.url}`);
  const shutdown = () => {
    fake.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
