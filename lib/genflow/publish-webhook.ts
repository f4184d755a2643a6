// The optional publish webhook: when a writer completes an article, the final article is POSTed to the
// session's `publishWebhookUrl`, signed with HMAC-SHA256 so the receiver can check it came from us.
// The target is resolved and checked like a research URL (no private addresses unless allowed) and the
// connection is pinned to the checked address.
import "server-only";
import { createHmac } from "node:crypto";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isPublicAddress } from "@/lib/net/ip-policy";
import { env } from "@/lib/env";

export function signWebhook({ body, timestamp, secret }: { body: string; timestamp: string; secret: string }): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function sendPublishWebhook({ url, payload }: { url: string; payload: Record<string, unknown> }): Promise<{ ok: boolean; status?: number; error?: string }> {
  try {
    const target = new URL(url);
    if (target.protocol !== "http:" && target.protocol !== "https:") throw new Error("only http and https are allowed");
    const addresses = await lookup(target.hostname.replace(/^\[|\]$/g, ""), { all: true });
    const allowed = addresses.filter((a) => env.FETCH_ALLOW_PRIVATE_HOSTS || isPublicAddress(a.address));
    if (allowed.length === 0 || allowed.length !== addresses.length) throw new Error("the address is private or reserved");
    const pinned: LookupFunction = (_host, options, callback) => {
      const first = allowed[0];
      if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof allowed) => void)(null, allowed);
      else callback(null, first.address, first.family);
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signWebhook({ body, timestamp, secret: env.PUBLISH_WEBHOOK_SECRET ?? env.NEXTAUTH_SECRET ?? "" });
    const status = await new Promise<number>((resolve, reject) => {
      const request = (target.protocol === "https:" ? https : http).request(
        target,
        {
          method: "POST",
          lookup: pinned,
          agent: false,
          timeout: 10_000,
          headers: { "content-type": "application/json", "x-genflow-timestamp": timestamp, "x-genflow-signature": signature, "user-agent": "GenFlow-Webhook/1" },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      request.on("timeout", () => request.destroy(new Error("timed out")));
      request.on("error", reject);
      request.end(body);
    });
    return { ok: status >= 200 && status < 300, status };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
