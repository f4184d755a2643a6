// Local Pusher Channels server for development and tests (see server.ts):
//   PUSHER_APP_ID=… PUSHER_KEY=… PUSHER_SECRET=… [PUSHER_PORT=6001] [PUSHER_HOST=127.0.0.1] npx tsx scripts/pusher-server/main.ts
// Logs one line when listening; stops on SIGINT/SIGTERM and exits once everything is closed.
import { startPusherServer } from "./server";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`[pusher-server] ${name} is required`);
    process.exit(1);
  }
  return value;
}

const appId = required("PUSHER_APP_ID");
const key = required("PUSHER_KEY");
const secret = required("PUSHER_SECRET");
const port = Number(process.env.PUSHER_PORT || 6001);
const host = process.env.PUSHER_HOST || "127.0.0.1";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[pusher-server] PUSHER_PORT must be a port number, got ${process.env.PUSHER_PORT}`);
  process.exit(1);
}

const server = await startPusherServer({ appId, key, secret, port, host }).catch((error: NodeJS.ErrnoException) => {
  console.error(`[pusher-server] cannot listen on ${host}:${port}: ${error.code ?? error.message}`);
  process.exit(1);
});
console.log(`[pusher-server] app ${appId} (key ${key}) listening on ${server.url} — ws path /app/${key}, HTTP API /apps/${appId}`);

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  await server.stop();
  const { totalConnections, eventsTriggered, messagesDelivered } = server.stats();
  console.log(`[pusher-server] ${signal}: stopped (${totalConnections} connections, ${eventsTriggered} events, ${messagesDelivered} deliveries)`);
  // Nothing should be left open now, so the process ends by itself. If something is, say so and exit anyway.
  setTimeout(() => {
    console.error("[pusher-server] handles still open after stop(); exiting");
    process.exit(1);
  }, 3000).unref();
}
process.on("SIGINT", (signal) => void shutdown(signal));
process.on("SIGTERM", (signal) => void shutdown(signal));
