// `npm run db:migrate`        apply prisma/migrations to DATABASE_URL (or to the embedded PGlite when unset)
// `npm run db:diff -- <name>` (= tsx scripts/migrate.ts --create <name>) write a migration for schema changes
// Runs the Prisma schema engine as WebAssembly (scripts/lib/migrations.ts): `prisma migrate` cannot run offline.
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "dotenv";
import { EmbeddedDbError, embeddedDbOwner, startEmbeddedDb } from "./lib/embedded-db";
import { applyMigrations, createMigration, describeUrl, MIGRATIONS_DIR, MigrationError, markRolledBack, takeEnginePanic } from "./lib/migrations";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
// Same precedence as Next.js: .env.local over .env, and real environment variables over both.
config({ path: [resolve(ROOT, ".env.local"), resolve(ROOT, ".env")], quiet: true });

const USAGE = `usage: tsx scripts/migrate.ts                      apply migrations (DATABASE_URL, or the embedded database)
       tsx scripts/migrate.ts --create <name>       write prisma/migrations/<timestamp>_<name> for schema changes
       tsx scripts/migrate.ts --rolled-back <name>  let a failed migration run again (after fixing it)`;

function fail(message: string): never {
  console.error(`db:migrate: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]): { create?: string; rolledBack?: string } {
  if (argv.length === 0) return {};
  if (argv[0] === "--help" || argv[0] === "-h") {
    console.log(USAGE);
    process.exit(0);
  }
  // "--flag value" or "--flag=value", nothing else.
  const [flag = "", inline] = (argv[0] ?? "").split(/=(.*)/s);
  const values = inline === undefined ? argv.slice(1) : [inline, ...argv.slice(1)];
  const value = values.length === 1 ? values[0] : undefined;
  if (value && flag === "--create") return { create: value };
  if (value && flag === "--rolled-back") return { rolledBack: value };
  fail(`unexpected arguments: ${argv.join(" ")}\n${USAGE}`);
}

/** The database to migrate: DATABASE_URL, the embedded one a running `npm run dev` serves, or the folder itself. */
async function openTarget(url: string | undefined): Promise<{ url: string; name: string; close(): Promise<void> }> {
  if (url) return { url, name: describeUrl(url), close: async () => {} };
  const owner = embeddedDbOwner();
  if (owner?.url) {
    // `npm run dev` owns the folder; its server takes more connections, so go through it.
    const name = `the embedded database served by process ${owner.pid} (${describeUrl(owner.url)})`;
    return { url: owner.url, name, close: async () => {} };
  }
  const db = await startEmbeddedDb(); // same folder as `npm run dev`, on a free port only we use
  return { url: db.url, name: `the embedded database (${relative(ROOT, db.dir)})`, close: () => db.stop() };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL || undefined;
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  if (args.create !== undefined) {
    // The shadow database is a temporary database on DATABASE_URL's server, or an in-memory PGlite.
    const { created } = await createMigration({ url, name: args.create });
    console.log(
      created
        ? `created prisma/migrations/${created}/migration.sql (${seconds()}) — review it, then run npm run db:migrate`
        : `no schema changes: prisma/schema.prisma matches ${relative(ROOT, MIGRATIONS_DIR)} (${seconds()})`,
    );
    return;
  }

  const target = await openTarget(url);
  try {
    if (args.rolledBack !== undefined) {
      await markRolledBack({ url: target.url, name: args.rolledBack });
      console.log(`marked ${args.rolledBack} as rolled back in ${target.name}; npm run db:migrate applies it again`);
      return;
    }
    const { applied } = await applyMigrations({ url: target.url });
    console.log(
      applied.length > 0
        ? `applied ${applied.length} migration(s) to ${target.name}: ${applied.join(", ")} (${seconds()})`
        : `database is up to date: ${target.name} (${seconds()})`,
    );
  } finally {
    await target.close();
  }
}

// An engine panic escapes as an uncaught "RuntimeError: unreachable"; report the engine's own message instead.
process.on("uncaughtException", (error) => {
  const panic = takeEnginePanic();
  if (panic) fail(`the schema engine crashed: ${panic}`);
  console.error(error);
  process.exit(1);
});

try {
  await main();
  process.exit(0); // nothing must keep a finished CLI alive (engine timers, idle sockets)
} catch (error) {
  if (error instanceof MigrationError || error instanceof EmbeddedDbError) fail(error.message);
  console.error(error); // unexpected: keep the stack
  process.exit(1);
}
