// Operator CLI: `npm run genflow -- <command> [--flag value]`. Bootstraps users and API tokens for scripts.
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "./lib/database-url";

const USAGE = `Usage: npm run genflow -- <command> [options]

Commands:
  create-user  --email E --password P [--name N]   create a writer account
  create-token --email E --name N                  create an API token for a writer (printed once)
  list-tokens  --email E                           list a writer's tokens (never the tokens themselves)
  revoke-token --email E --id ID                   revoke a token
  cleanup                                          delete expired sessions (articles are kept)
`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    id: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

function need(name: "email" | "password" | "name" | "id"): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const command = positionals[0];
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const database = await resolveDatabaseUrl();
  process.env.DATABASE_URL = database.url;
  try {
    // Imported after DATABASE_URL is settled: lib/env reads the environment once, on first import.
    const { db } = await import("@/lib/db");
    const users = await import("@/lib/genflow/users");
    const tokens = await import("@/lib/genflow/tokens");
    const findUser = async (email: string) => {
      const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
      if (!user) throw new UsageError(`no user with email ${email}`);
      return user;
    };
    switch (command) {
      case "create-user": {
        const user = await users.registerUser({
          ...users.signUpSchema.parse({ email: need("email"), password: need("password"), name: values.name }),
          ip: null,
        });
        console.log(`created user ${user.email} (${user.id})`);
        break;
      }
      case "create-token": {
        const user = await findUser(need("email"));
        const created = await tokens.createApiToken({ userId: user.id, name: need("name") });
        console.error(`created token "${created.name}" (${created.id}) for ${user.email}; it is shown only now:`);
        console.log(created.token);
        break;
      }
      case "list-tokens": {
        const user = await findUser(need("email"));
        for (const t of await tokens.listApiTokens({ userId: user.id })) {
          console.log(`${t.id}  ${t.prefix}…  ${t.name}  ${t.revokedAt ? "revoked" : "active"}  last used ${t.lastUsedAt ?? "never"}`);
        }
        break;
      }
      case "revoke-token": {
        const user = await findUser(need("email"));
        await tokens.revokeApiToken({ id: need("id"), userId: user.id });
        console.log("revoked");
        break;
      }
      case "cleanup": {
        const { cleanupExpiredSessions } = await import("@/lib/genflow/sessions");
        console.log(`deleted ${(await cleanupExpiredSessions()).deleted} expired session(s)`);
        break;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const known = error instanceof UsageError || (error as { name?: string }).name === "AppError" || (error as { name?: string }).name === "ZodError";
    console.error(`genflow: ${known ? (error as Error).message : error}`);
    process.exit(1);
  },
);
