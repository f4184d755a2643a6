// Test-only fake of GitHub's OAuth web flow and the two API calls next-auth makes, laid out as GitHub Enterprise
// Server serves them (GITHUB_URL=<this server>): /login/oauth/authorize, /login/oauth/access_token, /api/v3/user,
// /api/v3/user/emails. The authorize page signs in whoever the test chose with `signInAs` and redirects straight back.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGitHubUser {
  id: number;
  login: string;
  name?: string;
  /** The profile's public email (null: hidden, then only /user/emails tells). */
  email: string | null;
  emails?: { email: string; primary: boolean; verified: boolean }[];
}

export interface FakeGitHub {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The GitHub user the next authorization signs in as. */
  signInAs(user: FakeGitHubUser): void;
  /** How many codes were exchanged for a token (each a completed round trip). */
  exchanges(): number;
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const clientId = `fake-client-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomUUID();
  let current: FakeGitHubUser | null = null;
  const codes = new Map<string, FakeGitHubUser>();
  const tokens = new Map<string, FakeGitHubUser>();
  let exchanged = 0;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      const redirect = url.searchParams.get("redirect_uri");
      if (url.searchParams.get("client_id") !== clientId || !redirect) return send(res, 400, { error: "bad client or redirect_uri" });
      if (!current) return send(res, 500, { error: "the test did not choose a user (signInAs)" });
      const code = randomUUID();
      codes.set(code, current);
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state) back.searchParams.set("state", state);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      const form = new URLSearchParams(await readBody(req));
      const basic = req.headers.authorization?.startsWith("Basic ")
        ? Buffer.from(req.headers.authorization.slice(6), "base64").toString("utf8").split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
      if (basic[0] !== clientId || basic[1] !== clientSecret) return send(res, 401, { error: "incorrect_client_credentials" });
      const user = codes.get(form.get("code") ?? "");
      if (!user) return send(res, 400, { error: "bad_verification_code" });
      codes.delete(form.get("code") ?? "");
      const token = `gho_${randomUUID().replaceAll("-", "")}`;
      tokens.set(token, user);
      exchanged++;
      return send(res, 200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
    }
    const user = tokens.get((req.headers.authorization ?? "").replace(/^(token|bearer) /i, ""));
    if (req.method === "GET" && url.pathname === "/api/v3/user") {
      if (!user) return send(res, 401, { message: "Bad credentials" });
      return send(res, 200, { id: user.id, login: user.login, name: user.name ?? null, email: user.email, avatar_url: null });
    }
    if (req.method === "GET" && url.pathname === "/api/v3/user/emails") {
      if (!user) return send(res, 401, { message: "Bad credentials" });
      return send(res, 200, user.emails ?? (user.email ? [{ email: user.email, primary: true, verified: true }] : []));
    }
    send(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    signInAs: (user) => {
      current = user;
    },
    exchanges: () => exchanged,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
