import { clientIp } from "@/lib/client-ip";
import { registerUser, signUpSchema } from "@/lib/genflow/users";
import { handle, readJson } from "@/lib/http";

// POST /api/auth/sign-up – create an email + password account (then sign in through next-auth)
export const POST = handle(async (req) => {
  const input = await readJson(req, signUpSchema);
  return Response.json(await registerUser({ ...input, ip: clientIp(req.headers) }), { status: 201 });
});
