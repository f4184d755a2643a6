// `npm run eval [-- --briefs a,b] [--judge] [--concurrency N] [--out DIR] [--base-url URL --token TOKEN]`
// Runs the fixed briefs of eval/briefs through the whole pipeline and prints a table of scores per article.
// With --base-url, against that running GenFlow as the writer whose API token is given. Without it, it starts
// what it needs itself (scripts/bench/setup.ts: a throwaway database, a production build when none exists,
// `next start`, and the fake model unless OPENAI_API_KEY or OPENAI_BASE_URL is configured), creates a writer
// with an API token, runs, and stops everything again.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { config } from "dotenv";
import { createWriter, withBench } from "../bench/setup";
import { EvalInputError, loadBriefs } from "./briefs";
import { type BriefResult, runEval } from "./harness";
import { type JudgeConfig, judgeConfigFromEnv } from "./judge";
import { formatTable, isFakeRun } from "./report";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
// The same precedence as the app: .env.local over .env, real environment variables over both.
config({ path: [resolve(ROOT, ".env.local"), resolve(ROOT, ".env")], quiet: true });

const USAGE = "usage: npm run eval -- [--briefs id,id] [--judge] [--concurrency 2] [--out DIR] [--base-url http://host:3000 --token gf_…]";

function readOptions() {
  const { values } = parseArgs({
    options: {
      briefs: { type: "string" },
      judge: { type: "boolean", default: false },
      "base-url": { type: "string" },
      token: { type: "string" },
      concurrency: { type: "string", default: "2" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 12) throw new EvalInputError(`--concurrency must be 1–12\n${USAGE}`);
  if (values["base-url"] && !values.token) throw new EvalInputError(`--base-url needs --token (an API token of the writer to run as)\n${USAGE}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    help: values.help,
    briefIds: values.briefs
      ? values.briefs
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean)
      : undefined,
    judge: values.judge,
    baseUrl: values["base-url"],
    token: values.token,
    concurrency,
    outDir: resolve(values.out ?? resolve(ROOT, "eval/results", stamp)),
  };
}

function print(results: BriefResult[], { outDir, fake, judged }: { outDir: string; fake: boolean; judged: boolean }): number {
  console.log(`\n${formatTable(results, { fake, judged })}\n\narticles, review reports and usage: ${outDir}`);
  return results.some((r) => r.error) ? 1 : 0;
}

async function main(): Promise<number> {
  const options = readOptions();
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const briefs = await loadBriefs({ ids: options.briefIds });
  const log = (line: string) => console.log(line);
  if (options.baseUrl && options.token) {
    const judge = options.judge ? judgeConfigFromEnv(process.env) : null;
    if (options.judge && !judge)
      throw new EvalInputError("--judge needs the model configured here too: OPENAI_API_KEY and/or OPENAI_BASE_URL with GENFLOW_MODEL");
    console.log(`eval: ${briefs.length} brief(s) against ${options.baseUrl}, ${options.concurrency} at once${judge ? `, judge ${judge.model}` : ""}`);
    const results = await runEval({
      baseUrl: options.baseUrl,
      token: options.token,
      briefs,
      outDir: options.outDir,
      concurrency: options.concurrency,
      judge,
      log,
    });
    return print(results, { outDir: options.outDir, fake: isFakeRun(results, false), judged: Boolean(judge) });
  }
  const useFake = !process.env.OPENAI_API_KEY && !process.env.OPENAI_BASE_URL;
  console.log(`eval: starting a database, the app${useFake ? " and the fake model (no OPENAI_API_KEY / OPENAI_BASE_URL configured)" : ""}…`);
  return withBench({ model: useFake ? { ttftMs: 20, tokensPerSecond: 3000 } : undefined }, async (bench) => {
    const writer = await createWriter(bench, "eval");
    const judge: JudgeConfig | null = !options.judge
      ? null
      : bench.model
        ? { baseURL: bench.model.url, apiKey: "fake-key", model: "fake-writer-1", apiMode: "chat" }
        : judgeConfigFromEnv(bench.env);
    console.log(`eval: ${briefs.length} brief(s) against ${bench.url}, ${options.concurrency} at once${judge ? `, judge ${judge.model}` : ""}`);
    const results = await runEval({ baseUrl: bench.url, token: writer.token, briefs, outDir: options.outDir, concurrency: options.concurrency, judge, log });
    return print(results, { outDir: options.outDir, fake: isFakeRun(results, useFake), judged: Boolean(judge) });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bad flag (node:util's ERR_PARSE_ARGS_*) or brief is the caller's mistake: its message, no stack.
    if (error instanceof EvalInputError) console.error(`eval: ${error.message}`);
    else if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) console.error(`eval: ${error.message}\n${USAGE}`);
    else console.error(error);
    process.exit(1);
  },
);
