// Zero-setup PostgreSQL for `npm run dev` and tests: PGlite (Postgres compiled to WebAssembly) persisted in a
// git-ignored folder and served over the Postgres wire protocol on 127.0.0.1, so the app, Prisma
// (@prisma/adapter-pg) and migrations all talk plain `pg` to it, exactly as they do to a real server.
//
// Why not PGLiteSocketServer from @electric-sql/pglite-socket 0.2.17: measured here, it accepts ONE client by
// default (maxConnections: 1; a second client gets the raw text "Too many connections" and is dropped, which `pg`
// reports as "Connection terminated unexpectedly"). Raising maxConnections is unsafe: it queues single protocol
// messages, so one client's Parse/Bind/Execute/Sync interleaves with another's on PGlite's only backend — with 5
// clients running parameterised queries, 10 of 1000 results were silently wrong and 30 failed ('portal "" does not
// exist'). The small front end below instead gives a connection PGlite's backend from its first message until
// the backend reports ReadyForQuery with status idle (no half-done exchange, open transaction or COPY), so any
// number of connections (several pools, several processes, psql) are safe. They still take turns: PGlite has a
// single backend, so an open transaction on one connection makes every other one wait until it commits or rolls
// back. Session state (SET, prepared statements, temp tables) is shared by all connections for the same reason.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HOST = "127.0.0.1";

/** An expected failure (folder in use, port taken): CLIs print its message without a stack. */
export class EmbeddedDbError extends Error {
  override name = "EmbeddedDbError";
}

export interface EmbeddedDb {
  /** postgresql:// URL for `pg`, @prisma/adapter-pg and applyMigrations. */
  url: string;
  port: number;
  /** Absolute data folder, or "memory://". */
  dir: string;
  /** Closes client connections, the listener and PGlite, then releases the folder lock. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedDbOptions {
  /** Data folder, relative to the project root; "memory://" for a throwaway in-memory database. */
  dir?: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

export async function startEmbeddedDb({ dir = ".data/pglite", port = 0 }: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const inMemory = dir.startsWith("memory://");
  const dataDir = inMemory ? dir : isAbsolute(dir) ? dir : resolve(PROJECT_ROOT, dir);
  const lockPath = `${dataDir}.lock`;
  let releaseLock = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true }); // PGlite does not create parent folders
    releaseLock = acquireLock(lockPath);
  }

  let db: PGlite | undefined;
  let server: Server | undefined;
  try {
    const exitCodeBefore = process.exitCode;
    db = await PGlite.create(dataDir);
    process.exitCode = exitCodeBefore; // PGlite's startup may set it as a side effect (seen by prisma-pglite)
    const started = await serve(db, port);
    server = started.server;
    const url = `postgresql://postgres@${HOST}:${started.port}/postgres`;
    if (!inMemory) writeLock(lockPath, "update", url); // lets embeddedDbOwner() send other scripts to this server
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        await started.close();
        await db?.close(); // $disconnect()/pool.end() do not do this; without it PGlite's timer keeps Node alive
        releaseLock();
      })();
      return stopping;
    };
    return { url, port: started.port, dir: dataDir, stop };
  } catch (error) {
    server?.close();
    await db?.close().catch(() => {});
    releaseLock();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new EmbeddedDbError(
        `port ${port} on ${HOST} is already in use — set EMBEDDED_DB_PORT to another port, or set DATABASE_URL to use a real PostgreSQL`,
      );
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Folder lock: two processes opening the same PGlite folder would each keep their own copy in memory and
// overwrite each other's files. The lock holds the owner's pid; a lock whose process is gone is stale.

interface LockHolder {
  pid: number;
  startedAt: string;
  /** Where the owner serves the database, once it listens. */
  url?: string;
}

/**
 * The process that has the embedded database open, and its URL once it is listening — e.g. a running
 * `npm run dev`, through which other scripts can reach the same data. undefined when none runs.
 */
export function embeddedDbOwner(dir = ".data/pglite"): LockHolder | undefined {
  const holder = readLockHolder(`${isAbsolute(dir) ? dir : resolve(PROJECT_ROOT, dir)}.lock`);
  return holder && holder.pid !== process.pid && isAlive(holder.pid) ? holder : undefined;
}

const processStartedAt = new Date().toISOString();

/**
 * Written to a private file first, then linked (create: fails if a lock exists) or renamed (update) into place,
 * so a reader never sees a half-written lock and mistakes it for a stale one.
 */
function writeLock(lockPath: string, mode: "create" | "update", url?: string): void {
  const temporary = `${lockPath}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ pid: process.pid, startedAt: processStartedAt, url } satisfies LockHolder));
  try {
    if (mode === "create") linkSync(temporary, lockPath);
    else renameSync(temporary, lockPath);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeLock(lockPath, "create");
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        rmSync(lockPath, { force: true });
      };
      process.on("exit", release); // also on process.exit() paths that skip stop()
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLockHolder(lockPath);
      if (holder && isAlive(holder.pid)) {
        const shown = (path: string) => relative(process.cwd(), path) || path;
        throw new EmbeddedDbError(
          `the embedded database ${shown(lockPath.slice(0, -".lock".length))} is in use by process ${holder.pid} ` +
            `(started ${holder.startedAt}) — stop it first (probably another "npm run dev"), ` +
            `or delete ${shown(lockPath)} if that process no longer runs`,
        );
      }
      rmSync(lockPath, { force: true }); // stale: its owner died without cleaning up
    }
  }
  throw new EmbeddedDbError(`could not lock ${lockPath}`);
}

function readLockHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<Record<keyof LockHolder, unknown>>;
    if (typeof parsed.pid !== "number") return undefined;
    const url = typeof parsed.url === "string" ? parsed.url : undefined;
    return { pid: parsed.pid, startedAt: String(parsed.startedAt), url };
  } catch {
    return undefined; // gone meanwhile, or not ours to parse: treat as stale
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Wire-protocol front end (see the header for why it replaces PGLiteSocketServer).

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);
const ROLLBACK = simpleQuery("ROLLBACK");
// PGlite runs one protocol message at a time and cannot wait for CopyData: COPY … FROM STDIN ends in "protocol
// synchronization was lost" and wedges the backend for every connection until restart. Refuse it instead, with
// a regular error (raised by PGlite itself, so transaction state stays right). COPY … TO STDOUT works.
const COPY_FROM_STDIN = /\bcopy\b[^;]*\bfrom\s+stdin\b/i;
const REFUSE_COPY = simpleQuery(
  "DO $$ BEGIN RAISE EXCEPTION 'COPY FROM STDIN is not supported by the embedded database (PGlite)' USING ERRCODE = '0A000'; END $$",
);

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + body.length);
  message.write("Q", 0, "ascii");
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return new Uint8Array(message);
}

/** FIFO mutex: which connection owns PGlite's single backend. */
class Gate {
  private busy = false;
  private readonly waiters: Array<() => void> = [];
  acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolveWait) => this.waiters.push(resolveWait));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }
}

interface Message {
  /** Message type letter; null for the startup message, which has none. */
  type: string | null;
  data: Uint8Array;
}

async function serve(db: PGlite, port: number): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const gate = new Gate();
  const sockets = new Set<Socket>();
  const idle = new Set<Promise<void>>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const done = handleConnection(socket, db, gate);
    idle.add(done);
    void done.finally(() => {
      sockets.delete(socket);
      idle.delete(done);
    });
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(port, HOST, () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const close = async () => {
    const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    for (const socket of sockets) socket.destroy();
    await Promise.all([...idle]); // let each connection roll back before PGlite closes
    await closed;
  };
  return { server, port: actualPort, close };
}

/** Serves one client; resolves once the socket has closed and the backend is handed back clean. */
function handleConnection(socket: Socket, db: PGlite, gate: Gate): Promise<void> {
  socket.setNoDelay(true);
  let buffer: Buffer = Buffer.alloc(0);
  let started = false;
  let holding = false;
  let closed = false;
  let pumping: Promise<void> | undefined;
  const queue: Message[] = [];

  // The last 6 bytes the backend sent: ReadyForQuery is 'Z', length 5, then the status I(dle)/T(x)/E(rror).
  let tail = Buffer.alloc(0);
  const run = (data: Uint8Array) =>
    db.runExclusive(() =>
      db.execProtocolRawStream(data, {
        onRawData: (out) => {
          const copy = Buffer.from(out); // PGlite reuses its buffer
          tail = Buffer.concat([tail, copy.subarray(-6)]).subarray(-6);
          if (!socket.destroyed) socket.write(copy);
        },
      }),
    );
  const idleAgain = () => tail.length === 6 && tail[0] === 0x5a && tail.readInt32BE(1) === 5 && tail[5] === 0x49;

  const split = () => {
    for (;;) {
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (length < 8 || length > 10_000) {
          socket.destroy(); // not a Postgres client (an HTTP request, say)
          return;
        }
        if (buffer.length < length) return;
        const data = new Uint8Array(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N"); // no TLS on loopback; the client continues in plain text
          continue;
        }
        if (code === CANCEL_REQUEST) {
          socket.destroy(); // one backend, nothing to cancel; clients just wait for the query
          return;
        }
        started = true;
        queue.push({ type: null, data });
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (length < 5) {
        socket.destroy(); // malformed: resynchronising is impossible
        return;
      }
      if (buffer.length < length) return;
      queue.push({ type: String.fromCharCode(buffer[0] ?? 0), data: new Uint8Array(buffer.subarray(0, length)) });
      buffer = buffer.subarray(length);
    }
  };

  const pump = async () => {
    while (!closed && queue.length > 0) {
      const message = queue.shift() as Message;
      if (message.type === "X") {
        socket.end(); // Terminate is ours to handle: PGlite's backend must outlive this client
        break;
      }
      if (!holding) {
        await gate.acquire();
        holding = true;
      }
      tail = Buffer.alloc(0);
      const refuse = message.type === "Q" && COPY_FROM_STDIN.test(Buffer.from(message.data).toString("utf8"));
      await run(refuse ? REFUSE_COPY : message.data);
      // Hand the backend on only when it says it is idle: after Parse/Bind/Execute without Sync, or inside a
      // transaction, it is this connection's alone.
      if (idleAgain()) {
        holding = false;
        gate.release();
      }
    }
    if (closed && holding) {
      // The client left mid-exchange or mid-transaction: end the extended-protocol exchange and roll back so the
      // next connection starts from a clean backend.
      await run(SYNC);
      if (db.isInTransaction()) await run(ROLLBACK);
      holding = false;
      gate.release();
    }
  };

  const kick = () => {
    pumping ??= pump()
      .catch(() => {
        // PGlite itself failed (or was closed under us): drop the client and hand the backend on regardless.
        closed = true;
        socket.destroy();
        if (holding) {
          holding = false;
          gate.release();
        }
      })
      .finally(() => {
        pumping = undefined;
        if (queue.length > 0 || (closed && holding)) kick();
      });
  };

  return new Promise<void>((resolveDone) => {
    socket.on("data", (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      split();
      kick();
    });
    socket.on("error", () => socket.destroy()); // ECONNRESET etc.: 'close' follows
    socket.on("close", () => {
      closed = true;
      kick();
      const finish = async () => {
        while (pumping) await pumping;
        resolveDone();
      };
      void finish();
    });
  });
}
