// Sends one signed webhook. The signature is HMAC-SHA256 over `${timestamp}.${body}` with the endpoint's (or,
// for a session's publishWebhookUrl, the user's) own secret — never a server secret such as NEXTAUTH_SECRET.
// The target is resolved and checked like a research URL (no private addresses unless allowed) and the
// connection is pinned to the checked address.
import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isPublicAddress } from "@/lib/net/ip-policy";
import { env } from "@/lib/env";
import { describeSystemError } from "@/lib/genflow/system-messages";

export function signWebhook({ body, timestamp, secret }: { body: string; timestamp: string; secret: string }): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A new signing secret: `whsec_` and 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export interface SendOutcome {
  ok: boolean;
  status?: number;
  /** For the writer and the delivery log: plain words, never a raw system error. */
  error?: string;
}

export async function sendWebhook({
  url,
  body,
  secret,
  deliveryId,
  event,
}: {
  url: string;
  body: string;
  secret: string;
  deliveryId: string;
  event: string;
}): Promise<SendOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: "The webhook URL is not valid" };
  }
  try {
    if (target.protocol !== "http:" && target.protocol !== "https:") return { ok: false, error: "Only http and https webhook URLs are allowed" };
    const addresses = await lookup(target.hostname.replace(/^\[|\]$/g, ""), { all: true });
    const allowed = addresses.filter((a) => env.FETCH_ALLOW_PRIVATE_HOSTS || isPublicAddress(a.address));
    if (allowed.length === 0 || allowed.length !== addresses.length) return { ok: false, error: `${target.hostname} is a private or reserved address` };
    const pinned: LookupFunction = (_host, options, callback) => {
      const first = allowed[0];
      if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof allowed) => void)(null, allowed);
      else callback(null, first.address, first.family);
    };
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signWebhook({ body, timestamp, secret });
    const status = await new Promise<number>((resolve, reject) => {
      const request = (target.protocol === "https:" ? https : http).request(
        target,
        {
          method: "POST",
          lookup: pinned,
          agent: false,
          timeout: 10_000,
          headers: {
            "content-type": "application/json",
            "x-genflow-event": event,
            "x-genflow-delivery": deliveryId,
            "x-genflow-timestamp": timestamp,
            "x-genflow-signature": signature,
            "user-agent": "GenFlow-Webhook/1",
          },
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
    return status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `${target.host} answered HTTP ${status}` };
  } catch (error) {
    return { ok: false, error: describeSystemError(error, target.host) };
  }
}
