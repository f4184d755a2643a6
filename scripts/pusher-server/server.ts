// A dev/test-only Pusher Channels-compatible server (protocol 7), good enough for the real `pusher` server
// SDK and `pusher-js` client: public, private and presence channels, client events, ping/pong, and the
// signed HTTP API (http-api.ts). One app, one process, no TLS, no webhooks, no encrypted-channel payloads
// (private-encrypted-* channels are authorised like private ones; the server never decrypts anything).
//
// Wire format: every frame is JSON `{ event, channel?, data, user_id? }`. Frames the server sends carry
// `data` as a JSON *string* (pusher-js parses it again); `pusher:error` and `pusher:subscription_error`
// carry an object, as the hosted service does. Frames from clients carry `data` as an object.
import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { type ChannelHub, createHttpApi, hmacHex, isPresenceChannel, isValidChannelName, LIMITS, safeEqual } from "./http-api";

export interface PusherServerOptions {
  appId: string;
  key: string;
  secret: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seconds of silence after which the server pings a client (and the client pings the server). Default 120. */
  activityTimeout?: number;
}

export interface PusherServerStats {
  /** Open WebSocket connections now, the most at once, and all accepted since start. */
  connections: number;
  peakConnections: number;
  totalConnections: number;
  /** Channels with at least one subscriber. */
  channels: number;
  /** Event frames written to sockets (HTTP-triggered and client events; not protocol frames). */
  messagesDelivered: number;
  clientEvents: number;
  /** Signed /apps/… requests, those refused (4xx), and events accepted (a batch counts each event). */
  apiRequests: number;
  apiRejected: number;
  eventsTriggered: number;
}

export interface PusherServer {
  port: number;
  /** http://host:port — the same port serves the HTTP API and the WebSocket endpoint /app/{key}. */
  url: string;
  stop(): Promise<void>;
  stats(): PusherServerStats;
}

const PROTOCOL = 7;
/** How long a client has to answer the server's pusher:ping before it is disconnected (seconds). */
const PONG_TIMEOUT = 30;
/** Larger than any legal frame (10 KB of client-event data, a presence channel_data); `ws` closes with 1009 above it. */
const MAX_FRAME_BYTES = 64 * 1024;

interface Client {
  ws: WebSocket;
  socketId: string;
  /** Subscribed channel → the user id on presence channels, null elsewhere. */
  channels: Map<string, string | null>;
  lastActivity: number;
  pingSentAt: number | null;
}

/** A presence member: one user id, possibly connected from several sockets (tabs). */
interface Member {
  info: unknown;
  sockets: Set<string>;
}

interface Channel {
  subscribers: Map<string, Client>;
  members: Map<string, Member>;
}

interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

type Json = Record<string, unknown>;

export async function startPusherServer(options: PusherServerOptions): Promise<PusherServer> {
  const { appId, key, secret, port = 0, host = "127.0.0.1", activityTimeout = 120 } = options;
  const clients = new Map<string, Client>();
  const channels = new Map<string, Channel>();
  const counters = { peakConnections: 0, totalConnections: 0, messagesDelivered: 0, clientEvents: 0 };
  let stopping: Promise<void> | undefined;

  const sendText = (client: Client, text: string) => {
    if (client.ws.readyState !== WebSocket.OPEN) return false;
    client.ws.send(text);
    return true;
  };
  const send = (client: Client, frame: Frame) => sendText(client, JSON.stringify(frame));
  /** A non-fatal error: the connection stays open (code null, as the hosted service does for these). */
  const sendError = (client: Client, message: string, code: number | null = null) => send(client, { event: "pusher:error", data: { code, message } });

  /** Sends a frame to every subscriber of a channel but one; returns how many got it. */
  function broadcast(channel: string, text: string, exceptSocketId?: string): number {
    let sent = 0;
    for (const [socketId, client] of channels.get(channel)?.subscribers ?? []) {
      if (socketId !== exceptSocketId && sendText(client, text)) sent += 1;
    }
    return sent;
  }

  const hub: ChannelHub = {
    publish(channel, event, data, exceptSocketId) {
      const sent = broadcast(channel, JSON.stringify({ event, channel, data }), exceptSocketId);
      counters.messagesDelivered += sent;
      return sent;
    },
    channel(name) {
      const state = channels.get(name);
      return state && { subscriptionCount: state.subscribers.size, userIds: [...state.members.keys()] };
    },
    channelNames: () => [...channels.keys()],
  };
  const api = createHttpApi({ appId, key, secret }, hub);

  function presenceData(state: Channel) {
    const hash = Object.fromEntries([...state.members].map(([id, member]) => [id, member.info]));
    return { presence: { ids: Object.keys(hash), hash, count: state.members.size } };
  }

  function subscriptionError(client: Client, channel: string, status: number, error: string) {
    // pusher-js routes this frame to the channel object, which emits `pusher:subscription_error` with this data.
    send(client, { event: "pusher:subscription_error", channel, data: { type: "AuthError", error, status } });
  }

  function subscribe(client: Client, data: Json) {
    const channel = data.channel;
    if (!isValidChannelName(channel)) return sendError(client, `Invalid channel name: ${String(channel)}`);
    const presence = isPresenceChannel(channel);
    let userId: string | null = null;
    let userInfo: unknown;

    if (presence || channel.startsWith("private-")) {
      // auth = "<key>:<hex HMAC-SHA256(secret, socket_id:channel[:channel_data])>". For presence channels the
      // exact channel_data string is signed, so the user id cannot be changed without the app's consent.
      const channelData = data.channel_data;
      if (presence && typeof channelData !== "string") return subscriptionError(client, channel, 400, "channel_data is required on presence channels");
      const signed = presence ? `${client.socketId}:${channel}:${channelData}` : `${client.socketId}:${channel}`;
      const auth = typeof data.auth === "string" ? data.auth : "";
      if (!safeEqual(`${key}:${hmacHex(secret, signed)}`, auth)) {
        return subscriptionError(client, channel, 401, `Invalid signature: expected HMAC SHA256 hex digest of ${signed}`);
      }
      if (presence) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(channelData as string);
        } catch {
          parsed = undefined;
        }
        const user = parsed as { user_id?: unknown; user_info?: unknown } | undefined;
        if (typeof user?.user_id !== "string" && typeof user?.user_id !== "number") {
          return subscriptionError(client, channel, 400, "channel_data must be JSON with a user_id");
        }
        userId = String(user.user_id);
        userInfo = user.user_info;
      }
    }

    let state = channels.get(channel);
    if (!state) {
      state = { subscribers: new Map(), members: new Map() };
      channels.set(channel, state);
    }
    if (!client.channels.has(channel)) {
      state.subscribers.set(client.socketId, client);
      client.channels.set(channel, userId);
      if (userId !== null) {
        const member = state.members.get(userId);
        if (member) member.sockets.add(client.socketId);
        else {
          state.members.set(userId, { info: userInfo, sockets: new Set([client.socketId]) });
          // Only a user's first socket is announced; their other tabs do not add a member.
          broadcast(
            channel,
            JSON.stringify({ event: "pusher_internal:member_added", channel, data: JSON.stringify({ user_id: userId, user_info: userInfo }) }),
            client.socketId,
          );
        }
      }
    }
    const succeeded = presence ? presenceData(state) : {};
    send(client, { event: "pusher_internal:subscription_succeeded", channel, data: JSON.stringify(succeeded) });
  }

  function unsubscribe(client: Client, channel: string) {
    const userId = client.channels.get(channel);
    const state = channels.get(channel);
    if (userId === undefined || !state) return;
    client.channels.delete(channel);
    state.subscribers.delete(client.socketId);
    const member = userId === null ? undefined : state.members.get(userId);
    if (userId !== null && member) {
      member.sockets.delete(client.socketId);
      if (member.sockets.size === 0) {
        state.members.delete(userId);
        broadcast(channel, JSON.stringify({ event: "pusher_internal:member_removed", channel, data: JSON.stringify({ user_id: userId }) }));
      }
    }
    if (state.subscribers.size === 0) channels.delete(channel);
  }

  /** `client-*` events: only on private/presence channels the sender is subscribed to; never echoed back. */
  function clientEvent(client: Client, frame: Frame) {
    const channel = typeof frame.channel === "string" ? frame.channel : "";
    if (!(channel.startsWith("private-") || isPresenceChannel(channel)) || channel.startsWith("private-encrypted-")) {
      return sendError(client, "Client event rejected - only supported on private and presence channels");
    }
    if (!client.channels.has(channel)) return sendError(client, `Client event rejected - not subscribed to ${channel}`);
    if (frame.event.length > LIMITS.nameLength) return sendError(client, "Client event rejected - event name too long");
    if (Buffer.byteLength(JSON.stringify(frame.data ?? null)) > LIMITS.eventData) {
      return sendError(client, `Client event rejected - data exceeds ${LIMITS.eventData} bytes`);
    }
    const userId = client.channels.get(channel);
    // Protocol 7 tells presence subscribers who sent a client event.
    const out: Frame = { event: frame.event, channel, data: frame.data, ...(userId ? { user_id: userId } : {}) };
    counters.clientEvents += 1;
    counters.messagesDelivered += broadcast(channel, JSON.stringify(out), client.socketId);
  }

  function onMessage(client: Client, raw: RawData) {
    client.lastActivity = Date.now();
    client.pingSentAt = null;
    let frame: Frame;
    try {
      frame = JSON.parse(raw.toString()) as Frame;
    } catch {
      return sendError(client, "Invalid JSON");
    }
    if (typeof frame !== "object" || frame === null || typeof frame.event !== "string") return sendError(client, "Missing event");
    // Clients send `data` as an object; some older clients send it as a JSON string.
    let data: unknown = frame.data;
    if (typeof data === "string" && frame.event.startsWith("pusher:")) {
      try {
        data = JSON.parse(data);
      } catch {
        // leave it as a string: the checks below reject it
      }
    }
    const fields: Json = typeof data === "object" && data !== null ? (data as Json) : {};
    switch (frame.event) {
      case "pusher:ping":
        return send(client, { event: "pusher:pong", data: "{}" });
      case "pusher:pong":
        return; // activity already recorded above
      case "pusher:subscribe":
        return subscribe(client, fields);
      case "pusher:unsubscribe":
        return typeof fields.channel === "string" ? unsubscribe(client, fields.channel) : undefined;
      default:
        if (frame.event.startsWith("client-")) return clientEvent(client, frame);
        return sendError(client, `Unsupported event: ${frame.event}`);
    }
  }

  /** Handshake errors: pusher-js treats 4000–4099 as "refused" and does not reconnect. */
  function refuse(ws: WebSocket, code: number, message: string) {
    ws.send(JSON.stringify({ event: "pusher:error", data: { code, message } }));
    ws.close(code, message);
  }

  function onConnection(ws: WebSocket, req: IncomingMessage) {
    ws.on("error", () => {}); // e.g. a frame over maxPayload: ws closes the socket itself
    if (stopping) return ws.close(4200, "Server shutting down, please reconnect shortly");
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!path) return refuse(ws, 4005, "Path not found");
    if (decodeURIComponent(path[1]) !== key) return refuse(ws, 4001, `App key ${path[1]} does not exist`);
    const protocol = url.searchParams.get("protocol");
    if (protocol === null) return refuse(ws, 4008, "No protocol version supplied");
    if (!/^\d+$/.test(protocol)) return refuse(ws, 4006, "Invalid version string format");
    if (Number(protocol) !== PROTOCOL) return refuse(ws, 4007, `Unsupported protocol version ${protocol}`);

    let socketId: string;
    do socketId = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
    while (clients.has(socketId));
    const client: Client = { ws, socketId, channels: new Map(), lastActivity: Date.now(), pingSentAt: null };
    clients.set(socketId, client);
    counters.totalConnections += 1;
    counters.peakConnections = Math.max(counters.peakConnections, clients.size);

    ws.on("message", (raw) => {
      try {
        onMessage(client, raw);
      } catch (error) {
        // A bug here must not take the whole server down (a listener's exception would be uncaught).
        console.error("[pusher-server] error handling a frame", error);
        sendError(client, "Internal server error");
      }
    });
    ws.on("close", () => {
      for (const channel of [...client.channels.keys()]) unsubscribe(client, channel);
      clients.delete(socketId);
    });
    send(client, { event: "pusher:connection_established", data: JSON.stringify({ socket_id: socketId, activity_timeout: activityTimeout }) });
  }

  // Liveness, as the hosted service does it: after `activityTimeout` of silence send pusher:ping; no reply
  // (any frame counts) within PONG_TIMEOUT → close with 4201, which pusher-js answers by reconnecting.
  const pongTimeout = Math.min(PONG_TIMEOUT, activityTimeout);
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const client of clients.values()) {
        if (client.pingSentAt !== null) {
          if (now - client.pingSentAt > pongTimeout * 1000) client.ws.close(4201, "Pong reply not received");
        } else if (now - client.lastActivity > activityTimeout * 1000) {
          client.pingSentAt = now;
          send(client, { event: "pusher:ping", data: "{}" });
        }
      }
    },
    Math.min(5000, (activityTimeout * 1000) / 4),
  );
  sweep.unref();

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const httpServer = createServer((req, res) => void api.handle(req, res));
  httpServer.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req)));
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;

  async function shutdown() {
    clearInterval(sweep);
    const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve())); // stop accepting
    // wss.clients also holds sockets being refused, which are not in `clients`.
    const open = [...wss.clients].filter((ws) => ws.readyState !== WebSocket.CLOSED);
    const socketsClosed = Promise.all(open.map((ws) => new Promise((resolve) => ws.once("close", resolve))));
    // 4200 "reconnect immediately", what the hosted service (and soketi) send when draining a server:
    // pusher-js reconnects, then backs off while the server is down, which suits a dev server being restarted.
    for (const ws of open) ws.close(4200, "Server shutting down, please reconnect shortly");
    const force = setTimeout(() => {
      for (const ws of open) ws.terminate(); // peers that never answer the close handshake
    }, 1000);
    await socketsClosed;
    clearTimeout(force);
    wss.close();
    httpServer.closeAllConnections(); // idle keep-alive connections of SDK clients
    await serverClosed;
  }

  return {
    port: address.port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    stop() {
      stopping ??= shutdown();
      return stopping;
    },
    stats: () => ({ connections: clients.size, channels: channels.size, ...counters, ...api.stats() }),
  };
}
