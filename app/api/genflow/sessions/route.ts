import { after } from "next/server";
import { requireUser } from "@/lib/auth";
import { listLiveSessions } from "@/lib/genflow/runs";
import { createSession, createSessionSchema } from "@/lib/genflow/sessions";
import { listSessionsQuery } from "@/lib/genflow/schemas";
import { handle, localeFrom, readJson, readQuery } from "@/lib/http";

// POST /api/genflow/sessions – start a session (and an article when articleId is absent)
export const POST = handle(async (req) => {
  const input = await readJson(req, createSessionSchema, { optional: true });
  const { userId } = await requireUser(req);
  const session = await createSession({ userId, input, locale: localeFrom(req) });
  return Response.json(session, { status: 201 });
});

// GET /api/genflow/sessions – the caller's sessions, newest first, cursor-paginated
export const GET = handle(async (req) => {
  const query = readQuery(req, listSessionsQuery);
  const { userId } = await requireUser(req);
  return Response.json(await listLiveSessions({ userId, ...query, locale: localeFrom(req), schedule: after }));
});
