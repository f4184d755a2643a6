// Test kit for fetchSource: real HTTP servers on loopback, an error matcher, and a guard on
// net.Socket#connect that records every connection attempt and refuses any non-loopback target, so a policy
// bug fails a test instead of sending traffic elsewhere. Used by the *.test.ts files beside it.
import http from "node:http";
import net from "node:net";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { FetchSourceError, type FetchSourceErrorCode } from "./fetch-source";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  port: number;
  origin: string;
  requests: string[];
  hosts: string[];
  connections: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, host = "127.0.0.1"): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    state.requests.push(req.url ?? "");
    state.hosts.push(req.headers.host ?? "");
    handler(req, res);
  });
  const state: TestServer = {
    port: 0,
    origin: "",
    requests: [],
    hosts: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => {
    state.connections++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  state.port = (server.address() as net.AddressInfo).port;
  state.origin = host.includes(":") ? `http://[${host}]:${state.port}` : `http://${host}:${state.port}`;
  return state;
}

/** Runs `promise`, expects a FetchSourceError with `code`, returns it. */
export async function expectFailure(promise: Promise<unknown>, code: FetchSourceErrorCode): Promise<FetchSourceError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected a FetchSourceError "${code}", but the fetch succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchSourceError);
  const fe = err as FetchSourceError;
  expect(fe.code, fe.message).toBe(code);
  expect(fe.message).toMatch(/^Couldn't fetch |is not a valid web address/);
  expect(fe.message).not.toMatch(/\n\s+at /); // no stack in the writer-facing message
  return fe;
}

export const html =
  (body: string, type = "text/html; charset=utf-8"): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": type });
    res.end(body);
  };

// ----------------------------------------------------------------------------------- connection guard

/** Hosts every socket tried to connect to during the current test. */
export const guard = { targets: [] as string[] };
const originalConnect = net.Socket.prototype.connect;

/** Installs the connection guard for the calling test file. */
export function installConnectionGuard(): void {
  beforeEach(() => {
    guard.targets = [];
    vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      const first = Array.isArray(args[0]) ? args[0][0] : args[0];
      const host = String((first as { host?: string } | undefined)?.host ?? "");
      guard.targets.push(host);
      if (net.isIP(host) && !["127.0.0.1", "::1", "0.0.0.0", "::ffff:7f00:1"].includes(host)) {
        throw new Error(`test guard: refused to connect to ${host}`);
      }
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });
}
