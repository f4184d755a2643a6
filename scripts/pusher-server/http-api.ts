// The signed HTTP API of the local Pusher Channels server (what the `pusher` server SDK talks to):
//   POST /apps/{appId}/events        { name, data, channels | channel, socket_id?, info? }
//   POST /apps/{appId}/batch_events  { batch: [{ channel, name, data, socket_id?, info? }] }
//   GET  /apps/{appId}/channels[?filter_by_prefix=…&info=user_count,subscription_count]
//   GET  /apps/{appId}/channels/{name}[?info=…]   and   GET /apps/{appId}/channels/{name}/users
// Every /apps request is signed (see `verifySignature`). Anything else is a 404.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Limits of the hosted service, kept here so that code which works locally also works in production. */
export const LIMITS = {
  /** Bytes of `data` per event (HTTP API and client events). */
  eventData: 10 * 1024,
  channelsPerEvent: 100,
  eventsPerBatch: 10,
  nameLength: 200,
  /** Whole request body; a full batch of 10 × 10 KB fits. */
  requestBody: 256 * 1024,
  /** Allowed clock skew of `auth_timestamp`, in seconds. */
  timestampSkew: 600,
} as const;

const CHANNEL_NAME = /^[-a-zA-Z0-9_=@,.;]+$/;
const SOCKET_ID = /^\d+\.\d+$/;

export const isValidChannelName = (name: unknown): name is string =>
  typeof name === "string" && name.length > 0 && name.length <= LIMITS.nameLength && CHANNEL_NAME.test(name);
export const isValidSocketId = (id: unknown): id is string => typeof id === "string" && SOCKET_ID.test(id);
export const isPresenceChannel = (name: string) => name.startsWith("presence-");

export const hmacHex = (secret: string, message: string) => createHmac("sha256", secret).update(message).digest("hex");

/** Constant-time string comparison (lengths are not secret: every signature is 64 hex chars). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** What the HTTP API needs from the WebSocket side (implemented in server.ts). */
export interface ChannelHub {
  /** Sends one event to every subscriber of `channel` except `exceptSocketId`; returns the number of frames sent. */
  publish(channel: string, event: string, data: string, exceptSocketId?: string): number;
  /** An occupied channel's counts, or undefined when nobody is subscribed. */
  channel(name: string): { subscriptionCount: number; userIds: string[] } | undefined;
  channelNames(): string[];
}

export interface HttpApiStats {
  apiRequests: number;
  apiRejected: number;
  eventsTriggered: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
type Route = { kind: "events" | "batch"; method: "POST" } | { kind: "channels"; method: "GET" } | { kind: "channel" | "users"; method: "GET"; channel: string };

function matchRoute(method: string, rest: string): Route | undefined {
  if (rest === "/events" && method === "POST") return { kind: "events", method };
  if (rest === "/batch_events" && method === "POST") return { kind: "batch", method };
  if (method !== "GET") return undefined;
  if (rest === "/channels") return { kind: "channels", method };
  const match = /^\/channels\/([^/]+)(\/users)?$/.exec(rest);
  if (!match) return undefined;
  let channel: string;
  try {
    channel = decodeURIComponent(match[1]);
  } catch {
    return undefined; // malformed %-escape
  }
  return { kind: match[2] ? "users" : "channel", method, channel };
}

export function createHttpApi(app: { appId: string; key: string; secret: string }, hub: ChannelHub) {
  const stats: HttpApiStats = { apiRequests: 0, apiRejected: 0, eventsTriggered: 0 };

  /**
   * Pusher's request signature: hex HMAC-SHA256(secret, "METHOD\nPATH\nQUERY"), where QUERY is every query
   * parameter except auth_signature, sorted by key, as `key=value` joined with `&` (values unescaped, as
   * the SDK signs them). `body_md5` is the hex MD5 of the raw body and is itself covered by the signature.
   */
  function verifySignature(method: string, path: string, query: URLSearchParams, body: string) {
    const params = new Map<string, string>();
    for (const [key, value] of query) if (key !== "auth_signature") params.set(key, value);
    if (params.get("auth_key") !== app.key) throw new HttpError(401, "Unknown auth_key");
    if (params.get("auth_version") !== "1.0") throw new HttpError(401, "auth_version must be 1.0");
    const timestamp = Number(params.get("auth_timestamp"));
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > LIMITS.timestampSkew) {
      throw new HttpError(401, `Timestamp expired: auth_timestamp must be within ${LIMITS.timestampSkew} s of the server time`);
    }
    if (body.length > 0 && params.get("body_md5") !== createHash("md5").update(body, "utf8").digest("hex")) {
      throw new HttpError(401, "body_md5 does not match the body");
    }
    const signed = [...params.keys()]
      .sort()
      .map((key) => `${key}=${params.get(key)}`)
      .join("&");
    const expected = hmacHex(app.secret, `${method}\n${path}\n${signed}`);
    if (!safeEqual(expected, query.get("auth_signature") ?? "")) throw new HttpError(401, "Invalid signature");
  }

  /** Validates one event; returns the channels it goes to. Oversized data is a 413, anything else a 400. */
  function checkEvent(event: Json, channels: unknown): string[] {
    if (typeof event.name !== "string" || event.name.length === 0 || event.name.length > LIMITS.nameLength) {
      throw new HttpError(400, "Event name is required and at most 200 characters");
    }
    if (typeof event.data !== "string") throw new HttpError(400, "Event data must be a string (JSON-encode it)");
    if (Buffer.byteLength(event.data) > LIMITS.eventData) {
      throw new HttpError(413, `Event data exceeds the allowed maximum (${LIMITS.eventData} bytes)`);
    }
    if (!Array.isArray(channels) || channels.length === 0 || channels.length > LIMITS.channelsPerEvent) {
      throw new HttpError(400, `An event needs 1 to ${LIMITS.channelsPerEvent} channels`);
    }
    for (const channel of channels) if (!isValidChannelName(channel)) throw new HttpError(400, `Invalid channel name: ${String(channel)}`);
    if (event.socket_id !== undefined && !isValidSocketId(event.socket_id)) throw new HttpError(400, "Invalid socket_id");
    return channels as string[];
  }

  /** `info` attributes (`user_count` only makes sense for presence channels). */
  function infoFor(name: string, info: string[]) {
    const state = hub.channel(name);
    const result: Json = {};
    if (info.includes("subscription_count")) result.subscription_count = state?.subscriptionCount ?? 0;
    if (info.includes("user_count")) {
      if (!isPresenceChannel(name)) throw new HttpError(400, "user_count is only available for presence channels");
      result.user_count = state?.userIds.length ?? 0;
    }
    return result;
  }
  const parseInfo = (value: unknown) => (typeof value === "string" && value ? value.split(",") : []);

  function handleEvents(body: Json) {
    const channels = checkEvent(body, body.channels ?? (body.channel === undefined ? undefined : [body.channel]));
    const name = body.name as string;
    for (const channel of channels) hub.publish(channel, name, body.data as string, body.socket_id as string | undefined);
    stats.eventsTriggered += 1;
    const info = parseInfo(body.info);
    return info.length ? { channels: Object.fromEntries(channels.map((c) => [c, infoFor(c, info)])) } : {};
  }

  function handleBatch(body: Json) {
    const batch = body.batch;
    if (!Array.isArray(batch) || batch.length === 0 || batch.length > LIMITS.eventsPerBatch) {
      throw new HttpError(400, `A batch holds 1 to ${LIMITS.eventsPerBatch} events`);
    }
    const events = batch.map((item: unknown) => {
      if (typeof item !== "object" || item === null) throw new HttpError(400, "Batch items must be objects");
      const event = item as Json;
      return { event, channel: checkEvent(event, [event.channel])[0] };
    });
    // Everything is validated before anything is sent: a bad batch delivers nothing.
    for (const { event, channel } of events) hub.publish(channel, event.name as string, event.data as string, event.socket_id as string | undefined);
    stats.eventsTriggered += events.length;
    const withInfo = events.some(({ event }) => parseInfo(event.info).length > 0);
    return withInfo ? { batch: events.map(({ event, channel }) => infoFor(channel, parseInfo(event.info))) } : {};
  }

  function handleGet(route: Route, query: URLSearchParams) {
    const info = parseInfo(query.get("info"));
    if (route.kind === "channels") {
      const prefix = query.get("filter_by_prefix") ?? "";
      if (info.includes("user_count") && !prefix.startsWith("presence-")) {
        throw new HttpError(400, "user_count requires filter_by_prefix=presence-");
      }
      const names = hub.channelNames().filter((name) => name.startsWith(prefix));
      return { channels: Object.fromEntries(names.map((name) => [name, infoFor(name, info)])) };
    }
    if (route.kind === "channel" || route.kind === "users") {
      if (!isValidChannelName(route.channel)) throw new HttpError(400, "Invalid channel name");
      if (route.kind === "channel") return { occupied: hub.channel(route.channel) !== undefined, ...infoFor(route.channel, info) };
      if (!isPresenceChannel(route.channel)) throw new HttpError(400, "Users are only available for presence channels");
      return { users: (hub.channel(route.channel)?.userIds ?? []).map((id) => ({ id })) };
    }
    throw new HttpError(404, "Not found");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "GET" && url.pathname === "/ready") return send(res, 200, "OK");
      const prefix = `/apps/${app.appId}`;
      const route = url.pathname.startsWith(`${prefix}/`) ? matchRoute(req.method ?? "", url.pathname.slice(prefix.length)) : undefined;
      if (!route) throw new HttpError(404, "Not found");
      stats.apiRequests += 1;
      const body = await readBody(req);
      verifySignature(route.method, url.pathname, url.searchParams, body);
      if (route.method === "GET") return send(res, 200, handleGet(route, url.searchParams));
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new HttpError(400, "Body must be JSON");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new HttpError(400, "Body must be a JSON object");
      send(res, 200, route.kind === "events" ? handleEvents(parsed as Json) : handleBatch(parsed as Json));
    } catch (error) {
      if (!(error instanceof HttpError)) {
        console.error("[pusher-server] HTTP API error", error);
        return send(res, 500, "Internal server error");
      }
      if (error.status !== 404) stats.apiRejected += 1;
      // The rest of an oversized body is not read: close the connection rather than drain it.
      send(res, error.status, error.message, error.status === 413);
    }
  }

  return { handle, stats: (): HttpApiStats => ({ ...stats }) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMITS.requestBody) {
        req.removeAllListeners("data");
        req.pause();
        reject(new HttpError(413, `Request body exceeds ${LIMITS.requestBody} bytes`));
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: Json | string, closeConnection = false) {
  if (res.headersSent) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    ...(closeConnection ? { connection: "close" } : {}),
  });
  res.end(text);
}
