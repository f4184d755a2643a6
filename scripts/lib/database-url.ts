// Which database a script talks to: DATABASE_URL when set; otherwise the embedded one — through a running
// `npm run dev` when it serves it, or opened here (one process owns the folder at a time).
import "dotenv/config";
import net from "node:net";
import { startEmbeddedDb } from "./embedded-db";
import { applyMigrations } from "./migrations";

const EMBEDDED_PORT = Number(process.env.EMBEDDED_DB_PORT ?? 54329);

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function resolveDatabaseUrl(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  if (await isListening(EMBEDDED_PORT)) {
    return { url: `postgresql://postgres@127.0.0.1:${EMBEDDED_PORT}/postgres`, stop: async () => {} };
  }
  const embedded = await startEmbeddedDb({ port: 0 });
  await applyMigrations({ url: embedded.url });
  return { url: embedded.url, stop: () => embedded.stop() };
}
