// What the browser needs to connect to Pusher, read from the server's environment at request time (so one
// build works against hosted Pusher and the local server alike). Null: the browser polls instead.
import "server-only";
import { env } from "@/lib/env";

export interface PublicPusherConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
}

// Read at request time: Next inlines `process.env.NEXT_PUBLIC_…` literals at build time, which would pin one
// build to one host and port.
function runtimeEnv(name: string): string | undefined {
  return process.env[name] || undefined;
}

export function getPublicPusherConfig(): PublicPusherConfig | null {
  if (!env.PUSHER_KEY || !env.PUSHER_APP_ID || !env.PUSHER_SECRET) return null;
  const host = runtimeEnv("NEXT_PUBLIC_PUSHER_HOST");
  const port = Number(runtimeEnv("NEXT_PUBLIC_PUSHER_PORT") ?? "");
  return {
    key: env.PUSHER_KEY,
    cluster: env.PUSHER_CLUSTER ?? "mt1",
    ...(host ? { wsHost: host, wsPort: Number.isFinite(port) && port > 0 ? port : 6001 } : {}),
  };
}
