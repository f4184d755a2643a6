// The local Pusher server, exercised with the real SDKs: `pusher` (server, triggers over the signed HTTP API)
// and `pusher-js` (client, over WebSocket). Raw `ws` sockets cover protocol details pusher-js hides.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import Pusher from "pusher";
import PusherJs, { type Channel, type Members, type PresenceChannel } from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type PusherServer, type PusherServerOptions, startPusherServer } from "./server";

const APP = { appId: "4242", key: "local-key", secret: "local-secret" };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  // Clients first, then servers (pushed earlier): nothing may keep the worker alive.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: Partial<PusherServerOptions> = {}) {
  const server = await startPusherServer({ ...APP, ...options });
  cleanups.push(() => server.stop());
  const sdk = new Pusher({ ...APP, host: "127.0.0.1", port: String(server.port), useTLS: false });
  return { server, sdk };
}

/** A pusher-js client whose channel authorisation is signed by the server SDK, as an app's auth route would. */
async function connectClient(server: PusherServer, sdk: Pusher, user?: { id: string; info?: Record<string, string> }) {
  const client = new PusherJs(APP.key, {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const presence = channelName.startsWith("presence-") && user ? { user_id: user.id, user_info: user.info } : undefined;
        callback(null, sdk.authorizeChannel(socketId, channelName, presence));
      },
    },
  });
  cleanups.push(() => client.disconnect());
  await waitForState(client, "connected");
  return client;
}

function waitForState(client: PusherJs, state: string, timeoutMs = 5000) {
  return new Promise<void>((resolve, reject) => {
    if (client.connection.state === state) return resolve();
    const timer = setTimeout(() => reject(new Error(`connection never reached ${state} (is ${client.connection.state})`)), timeoutMs);
    const onChange = ({ current }: { current: string }) => {
      if (current !== state) return;
      clearTimeout(timer);
      client.connection.unbind("state_change", onChange);
      resolve();
    };
    client.connection.bind("state_change", onChange);
  });
}

function nextEvent<T = unknown>(channel: Channel, event: string, timeoutMs = 5000) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} on ${channel.name}`)), timeoutMs);
    const handler = (data: T) => {
      clearTimeout(timer);
      channel.unbind(event, handler);
      resolve(data);
    };
    channel.bind(event, handler);
  });
}

async function subscribed<C extends Channel>(client: PusherJs, name: string): Promise<C> {
  const channel = client.subscribe(name) as C;
  await nextEvent(channel, "pusher:subscription_succeeded");
  return channel;
}

/** Signs an HTTP API request by hand (independently of the SDK), optionally with a chosen timestamp. */
function signedUrl(server: PusherServer, method: string, path: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const params: Record<string, string> = { auth_key: APP.key, auth_timestamp: String(timestamp), auth_version: "1.0" };
  if (body) params.body_md5 = createHash("md5").update(body).digest("hex");
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  const signature = createHmac("sha256", APP.secret).update(`${method}\n${path}\n${query}`).digest("hex");
  return `${server.url}${path}?${query}&auth_signature=${signature}`;
}

interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
}

/** A raw protocol-7 socket that queues every frame it receives. */
async function rawSocket(server: PusherServer, path = `/app/${APP.key}?protocol=7`) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
  cleanups.push(() => ws.terminate());
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (raw) => {
    frames.push(JSON.parse(raw.toString()) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = once(ws, "close").then(([code, reason]) => ({ code: code as number, reason: String(reason) }));
  async function next(event: string): Promise<Frame> {
    for (;;) {
      const index = frames.findIndex((f) => f.event === event);
      if (index >= 0) return frames.splice(index, 1)[0];
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  return { ws, frames, next, closed, send: (frame: Frame) => ws.send(JSON.stringify(frame)) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

describe("local Pusher server with the real SDKs", () => {
  it("delivers 100 triggered events on a private channel, in order", async () => {
    const { server, sdk } = await startServer();
    const client = await connectClient(server, sdk);
    const channel = await subscribed(client, "private-session-x");

    const received: number[] = [];
    const all = new Promise<void>((resolve) =>
      channel.bind("progress", ({ seq }: { seq: number }) => {
        received.push(seq);
        if (received.length === 100) resolve();
      }),
    );
    for (let seq = 0; seq < 100; seq++) {
      const response = await sdk.trigger("private-session-x", "progress", { seq });
      expect(response.status).toBe(200);
    }
    await all;
    expect(received).toEqual([...Array(100).keys()]);
    expect(server.stats()).toMatchObject({ connections: 1, channels: 1, eventsTriggered: 100, messagesDelivered: 100, apiRejected: 0 });
  });

  it("refuses a subscription with a forged signature (subscription_error 401)", async () => {
    const { server, sdk } = await startServer();
    const forger = new PusherJs(APP.key, {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: server.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: { customHandler: (_params, callback) => callback(null, { auth: `${APP.key}:${"ab".repeat(32)}` }) },
    });
    cleanups.push(() => forger.disconnect());
    const error = await nextEvent<{ type: string; status: number }>(forger.subscribe("private-session-x"), "pusher:subscription_error");
    expect(error).toMatchObject({ type: "AuthError", status: 401 });

    // A valid signature for another socket is just as useless.
    const victim = await connectClient(server, sdk);
    const stolen = sdk.authorizeChannel(victim.connection.socket_id, "private-session-y");
    const thief = await rawSocket(server);
    await thief.next("pusher:connection_established");
    thief.send({ event: "pusher:subscribe", data: { channel: "private-session-y", auth: stolen.auth } });
    expect(await thief.next("pusher:subscription_error")).toMatchObject({ channel: "private-session-y", data: { status: 401 } });

    const info = await sdk.get({ path: "/channels/private-session-x", params: { info: "subscription_count" } });
    expect(await info.json()).toEqual({ occupied: false, subscription_count: 0 });
  });

  it("answers 401 to bad signatures and stale timestamps, 404 to unknown routes", async () => {
    const { server } = await startServer();
    const body = JSON.stringify({ name: "e", data: "{}", channels: ["public"] });
    const post = (url: string, payload = body) => fetch(url, { method: "POST", body: payload, headers: { "content-type": "application/json" } });
    const path = `/apps/${APP.appId}/events`;

    expect((await post(signedUrl(server, "POST", path, body))).status).toBe(200); // the hand-signing is right…
    const now = Math.floor(Date.now() / 1000);
    expect((await post(signedUrl(server, "POST", path, body, now - 601))).status).toBe(401); // …but stale
    expect((await post(signedUrl(server, "POST", path, body, now + 601))).status).toBe(401);
    expect((await post(signedUrl(server, "POST", path, body, now - 590))).status).toBe(200); // within ±600 s
    // One hex digit changed (to another digit: replacing it with "0" would be no change one time in 16).
    const tampered = signedUrl(server, "POST", path, body).replace(/auth_signature=(.)/, (_m, c: string) => `auth_signature=${c === "0" ? "1" : "0"}`);
    expect((await post(tampered)).status).toBe(401);
    expect((await post(signedUrl(server, "POST", path, body), body.replace("{}", "[]"))).status).toBe(401); // body_md5
    expect((await post(`${server.url}${path}`)).status).toBe(401); // unsigned

    const wrongSecret = new Pusher({ ...APP, secret: "not-the-secret", host: "127.0.0.1", port: String(server.port), useTLS: false });
    await expect(wrongSecret.trigger("public", "e", {})).rejects.toMatchObject({ status: 401 });

    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await post(signedUrl(server, "POST", "/apps/1/events", body))).status).toBe(404); // another app id
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    expect(server.stats()).toMatchObject({ eventsTriggered: 2, apiRejected: 6 });
  });

  it("tracks presence members across users and tabs, and relays client events with user_id", async () => {
    const { server, sdk } = await startServer();
    const alice = await connectClient(server, sdk, { id: "alice", info: { name: "Alice" } });
    const aliceChannel = await subscribed<PresenceChannel>(alice, "presence-session-x");
    expect(aliceChannel.members.count).toBe(1);

    const joined = nextEvent<{ id: string; info: unknown }>(aliceChannel, "pusher:member_added");
    const bob = await connectClient(server, sdk, { id: "bob", info: { name: "Bob" } });
    const bobChannel = bob.subscribe("presence-session-x") as PresenceChannel;
    const members = await nextEvent<Members>(bobChannel, "pusher:subscription_succeeded");
    expect(await joined).toEqual({ id: "bob", info: { name: "Bob" } });
    expect(members.count).toBe(2);
    expect(members.me).toEqual({ id: "bob", info: { name: "Bob" } });
    expect(members.get("alice")).toEqual({ id: "alice", info: { name: "Alice" } });

    // Bob's second tab is the same member: no member_added, and closing one tab removes nobody.
    const bobTab2 = await connectClient(server, sdk, { id: "bob", info: { name: "Bob" } });
    await subscribed(bobTab2, "presence-session-x");
    const users = await sdk.get({ path: "/channels/presence-session-x/users" });
    expect(await users.json()).toEqual({ users: [{ id: "alice" }, { id: "bob" }] });
    const info = await sdk.get({ path: "/channels/presence-session-x", params: { info: "user_count,subscription_count" } });
    expect(await info.json()).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });
    const triggered = await sdk.trigger("presence-session-x", "ping", {}, { info: "user_count" });
    expect(await triggered.json()).toEqual({ channels: { "presence-session-x": { user_count: 2 } } });

    // Client events reach the others with the sender's user_id, never the sender itself.
    let echoed = false;
    aliceChannel.bind("client-typing", () => {
      echoed = true;
    });
    const typing = new Promise<[unknown, unknown]>((resolve) => bobChannel.bind("client-typing", (data: unknown, meta: unknown) => resolve([data, meta])));
    aliceChannel.trigger("client-typing", { typing: true });
    expect(await typing).toEqual([{ typing: true }, { user_id: "alice" }]);

    const left = nextEvent<{ id: string }>(aliceChannel, "pusher:member_removed");
    bob.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(aliceChannel.members.count).toBe(2); // bob is still here through his second tab
    bobTab2.disconnect();
    expect((await left).id).toBe("bob");
    expect(aliceChannel.members.count).toBe(1);
    expect(echoed).toBe(false);
  });

  it("refuses data over 10 KB with 413 and honours socket_id exclusion", async () => {
    const { server, sdk } = await startServer();
    const sender = await connectClient(server, sdk);
    const other = await connectClient(server, sdk);
    const senderChannel = await subscribed(sender, "private-session-x");
    const otherChannel = await subscribed(other, "private-session-x");

    await expect(sdk.trigger("private-session-x", "big", "x".repeat(10 * 1024 + 1))).rejects.toMatchObject({ status: 413 });
    expect((await sdk.trigger("private-session-x", "fits", "x".repeat(10 * 1024))).status).toBe(200);

    const senderGot: string[] = [];
    senderChannel.bind_global((event: string) => senderGot.push(event));
    const otherGot = nextEvent(otherChannel, "edit");
    await sdk.trigger("private-session-x", "edit", { v: 1 }, { socket_id: sender.connection.socket_id });
    expect(await otherGot).toEqual({ v: 1 });
    // Events arrive in order, so once a later marker has arrived the excluded event is known not to come.
    const marker = nextEvent(senderChannel, "marker");
    await sdk.trigger("private-session-x", "marker", {});
    await marker;
    expect(senderGot).toEqual(["marker"]);

    // Limits the SDK checks itself are enforced by the server too.
    // (sdk.post() would do, but its typings declare `body: string` while it JSON-encodes the body again.)
    const tooMany = JSON.stringify({ name: "e", data: "{}", channels: Array.from({ length: 101 }, (_, i) => `c${i}`) });
    const path = `/apps/${APP.appId}/events`;
    expect((await fetch(signedUrl(server, "POST", path, tooMany), { method: "POST", body: tooMany })).status).toBe(400);
    const b2 = nextEvent(otherChannel, "b2");
    const batch = await sdk.triggerBatch([
      { channel: "private-session-x", name: "b1", data: { n: 1 } },
      { channel: "private-session-x", name: "b2", data: { n: 2 } },
    ]);
    expect(batch.status).toBe(200);
    expect(await b2).toEqual({ n: 2 });
  });

  it("speaks the protocol: handshake errors, ping/pong, client-event rules, server pings", async () => {
    const { server } = await startServer();
    const wrongKey = await rawSocket(server, "/app/nope?protocol=7");
    expect((await wrongKey.next("pusher:error")).data).toMatchObject({ code: 4001 });
    expect((await wrongKey.closed).code).toBe(4001);
    const oldProtocol = await rawSocket(server, `/app/${APP.key}?protocol=6`);
    expect((await oldProtocol.closed).code).toBe(4007);
    const noProtocol = await rawSocket(server, `/app/${APP.key}`);
    expect((await noProtocol.closed).code).toBe(4008);

    const socket = await rawSocket(server);
    const established = await socket.next("pusher:connection_established");
    const handshake = JSON.parse(established.data as string) as { socket_id: string; activity_timeout: number };
    expect(handshake.socket_id).toMatch(/^\d+\.\d+$/);
    expect(handshake.activity_timeout).toBe(120);
    socket.send({ event: "pusher:ping", data: {} });
    await socket.next("pusher:pong");
    socket.send({ event: "pusher:subscribe", data: { channel: "public-room" } });
    expect(await socket.next("pusher_internal:subscription_succeeded")).toEqual({
      event: "pusher_internal:subscription_succeeded",
      channel: "public-room",
      data: "{}",
    });
    socket.send({ event: "client-hello", channel: "public-room", data: {} });
    expect(((await socket.next("pusher:error")).data as { message: string }).message).toMatch(/private and presence/);

    // pusher-js treats 4001 as "refused": it reports the error and goes to "disconnected" instead of retrying.
    const refused = new PusherJs("nope", { cluster: "mt1", wsHost: "127.0.0.1", wsPort: server.port, forceTLS: false, enabledTransports: ["ws"] });
    cleanups.push(() => refused.disconnect());
    const refusal = new Promise((resolve) => refused.connection.bind("error", resolve));
    expect(await refusal).toMatchObject({ type: "WebSocketError", error: { type: "PusherError", data: { code: 4001 } } });
    await waitForState(refused, "disconnected");

    // A client that stays silent gets pusher:ping after activity_timeout, and is closed (4201) if it never answers.
    const { server: quick } = await startServer({ activityTimeout: 1 });
    const silent = await rawSocket(quick);
    await silent.next("pusher:connection_established");
    await silent.next("pusher:ping");
    expect((await silent.closed).code).toBe(4201);
  });

  it("measures trigger→receive latency over 500 events", async () => {
    const { server, sdk } = await startServer();
    const client = await connectClient(server, sdk);
    const channel = await subscribed(client, "private-session-bench");
    const WARMUP = 50;
    const COUNT = 500;
    const sentAt: number[] = [];
    const latencies: number[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    channel.bind("tick", ({ seq }: { seq: number }) => {
      if (seq >= WARMUP) latencies.push(performance.now() - sentAt[seq]);
      if (seq === WARMUP + COUNT - 1) done();
    });
    // Sequential, as an app sends progress events: each trigger starts when the previous HTTP call returns.
    for (let seq = 0; seq < WARMUP + COUNT; seq++) {
      sentAt[seq] = performance.now();
      await sdk.trigger("private-session-bench", "tick", { seq });
    }
    await finished;
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `[pusher-server] trigger→receive over ${sorted.length} events (SDK, server and pusher-js in one process): ` +
        `median ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`,
    );
    expect(latencies).toHaveLength(COUNT);
    expect(server.stats().messagesDelivered).toBe(WARMUP + COUNT);
  });
});

describe("stop()", () => {
  it("closes connected clients and the listening socket", async () => {
    const server = await startPusherServer(APP);
    const sdk = new Pusher({ ...APP, host: "127.0.0.1", port: String(server.port), useTLS: false });
    const client = await connectClient(server, sdk);
    await subscribed(client, "private-session-x");
    await sdk.trigger("private-session-x", "e", {}); // leaves an idle keep-alive HTTP connection behind

    const dropped = new Promise<void>((resolve) =>
      client.connection.bind("state_change", ({ current }: { current: string }) => current !== "connected" && resolve()),
    );
    await server.stop();
    await dropped; // the server closed it with 4200 ("reconnect"), so pusher-js is already retrying
    client.disconnect(); // it would otherwise keep retrying
    expect(server.stats()).toMatchObject({ connections: 0, channels: 0 });
    await expect(fetch(`${server.url}/ready`)).rejects.toThrow();
    await server.stop(); // idempotent
  });

  it("lets the CLI exit by itself on SIGTERM, even with a client connected", async () => {
    const main = fileURLToPath(new URL("./main.ts", import.meta.url));
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", main], {
      env: { ...process.env, PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, PUSHER_PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(() => child.exitCode === null && child.kill("SIGKILL"));
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = once(child, "exit");
    while (!stdout.includes("\n")) await once(child.stdout as NodeJS.ReadableStream, "data");
    const port = Number(/:(\d+) /.exec(stdout)?.[1]);
    const server = { port, url: `http://127.0.0.1:${port}` } as PusherServer;
    const sdk = new Pusher({ ...APP, host: "127.0.0.1", port: String(port), useTLS: false });
    const client = await connectClient(server, sdk);
    const channel = await subscribed(client, "private-session-x");
    const got = nextEvent(channel, "hello");
    await sdk.trigger("private-session-x", "hello", { ok: true });
    expect(await got).toEqual({ ok: true });

    const started = Date.now();
    child.kill("SIGTERM");
    const [code] = await exited;
    client.disconnect();
    expect(code).toBe(0); // 1 would mean main.ts found handles still open after stop()
    expect(Date.now() - started).toBeLessThan(2500);
    expect(stdout).toMatch(/SIGTERM: stopped \(1 connections, 1 events, 1 deliveries\)/);
  });
});
