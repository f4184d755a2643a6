// Baseline for bench:api — the same lookups as GET /api/genflow/sessions/{id} (token, then the session with
// its article title and last message) on a bare node:http server with a pg pool. No framework, no ORM.
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 0);

const server = http.createServer(async (req, res) => {
  try {
    const match = /^\/api\/genflow\/sessions\/([^/?]+)/.exec(req.url ?? "");
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!match || !token) return send(res, 404, { error: { code: "not_found" } });
    const hash = createHash("sha256").update(token).digest("hex");
    const auth = await pool.query('SELECT "userId", "revokedAt" FROM "ApiToken" WHERE "tokenHash" = $1', [hash]);
    if (!auth.rows[0] || auth.rows[0].revokedAt) return send(res, 401, { error: { code: "unauthorized" } });
    const { rows } = await pool.query(
      `SELECT s.*, a.title,
        (SELECT row_to_json(m) FROM (SELECT role, content, "createdAt" FROM "Message" WHERE "sessionId" = s.id ORDER BY "createdAt" DESC LIMIT 1) m) AS "lastMessage"
       FROM "Session" s JOIN "Article" a ON a.id = s."articleId" WHERE s.id = $1 AND s."userId" = $2`,
      [match[1], auth.rows[0].userId],
    );
    if (!rows[0]) return send(res, 404, { error: { code: "not_found" } });
    const s = rows[0];
    send(res, 200, {
      sessionId: s.id,
      articleId: s.articleId,
      title: s.title,
      progress: { stage: s.stage, status: s.status, progress: s.progress, estimatedTime: s.estimatedTime, currentStep: s.currentStep },
      stageData: s.stageData,
      lastMessage: s.lastMessage,
      usage: { tokensIn: s.tokensIn, tokensOut: s.tokensOut, costUsd: s.costUsd },
      expiresAt: s.expiresAt,
    });
  } catch (error) {
    send(res, 500, { error: { code: "internal_error", message: String(error) } });
  }
});

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
