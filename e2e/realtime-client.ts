// A pusher-js client (the real browser SDK, running in Node) that authorizes through /api/pusher/auth with
// a writer's API token, records every session event it receives, and can be disconnected on purpose.
import Pusher from "pusher-js";

export interface RecordedEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { seq: number; sessionId: string; eventId: string; timestamp: number };
}

export interface RealtimeClient {
  events: RecordedEvent[];
  subscribed: Promise<void>;
  disconnect(): void;
}

export function connectRealtime({
  baseURL,
  token,
  sessionId,
  forgeAuth = false,
}: {
  baseURL: string;
  token: string;
  sessionId: string;
  forgeAuth?: boolean;
}): RealtimeClient {
  const client = new Pusher(process.env.E2E_PUSHER_KEY ?? "", {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: Number(process.env.E2E_PUSHER_PORT),
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      endpoint: `${baseURL}/api/pusher/auth`,
      transport: "ajax",
      customHandler: (params, callback) => {
        if (forgeAuth) return callback(null, { auth: `${process.env.E2E_PUSHER_KEY}:${"0".repeat(64)}` });
        fetch(`${baseURL}/api/pusher/auth`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ socket_id: params.socketId, channel_name: params.channelName }),
        })
          .then(async (res) => (res.ok ? callback(null, await res.json()) : callback(new Error(`auth ${res.status}`), null)))
          .catch((error: Error) => callback(error, null));
      },
    },
  });
  const events: RecordedEvent[] = [];
  const channel = client.subscribe(`private-session-${sessionId}`);
  channel.bind_global((name: string, data: RecordedEvent) => {
    if (!name.startsWith("pusher:")) events.push(data);
  });
  const subscribed = new Promise<void>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve());
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`subscription refused: ${JSON.stringify(error)}`)));
  });
  return { events, subscribed, disconnect: () => client.disconnect() };
}
