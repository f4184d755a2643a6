// A TCP proxy for fault tests, between the app and PostgreSQL (or any server): it passes bytes through, goes
// silent (every socket stays open and data is dropped, like a failover or a vanished NAT entry), or cuts
// (every connection reset, new ones closed at once).
import { connect, createServer, type Server, type Socket } from "node:net";

export type ProxyMode = "pass" | "silent" | "cut";

export interface TcpProxy {
  port: number;
  setMode(mode: ProxyMode): void;
  stop(): Promise<void>;
}

export async function startTcpProxy({ host, port }: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "pass";
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    if (mode === "cut") return void client.resetAndDestroy();
    const upstream = connect(port, host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const relay = (from: Socket, to: Socket) =>
      from.on("data", (chunk) => {
        if (mode === "pass") to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    setMode(next) {
      mode = next;
      if (next !== "cut") return;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
