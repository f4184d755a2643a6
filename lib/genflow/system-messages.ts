// System errors in words a writer understands. The code and the details stay in the server log.
import "server-only";

const BY_CODE: Record<string, (host: string) => string> = {
  ENOTFOUND: (host) => `Could not reach ${host}: the address does not exist`,
  EAI_AGAIN: (host) => `Could not reach ${host}: its name could not be looked up just now`,
  ECONNREFUSED: (host) => `Could not reach ${host}: it refused the connection`,
  ECONNRESET: (host) => `The connection to ${host} was cut off`,
  ETIMEDOUT: (host) => `${host} did not answer in time`,
  EHOSTUNREACH: (host) => `Could not reach ${host}`,
  ENETUNREACH: (host) => `Could not reach ${host}`,
  CERT_HAS_EXPIRED: (host) => `${host} has an expired security certificate`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (host) => `${host} has a certificate we cannot trust`,
  ERR_TLS_CERT_ALTNAME_INVALID: (host) => `${host} has a certificate for another name`,
};

function codeOf(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  if ("code" in error && typeof error.code === "string") return error.code;
  if ("cause" in error) return codeOf(error.cause);
  return undefined;
}

/** `getaddrinfo ENOTFOUND example.com` → "Could not reach example.com: the address does not exist". */
export function describeSystemError(error: unknown, host: string): string {
  const code = codeOf(error);
  const words = code ? BY_CODE[code] : undefined;
  console.error("[genflow] outbound request failed", { host, code, message: error instanceof Error ? error.message : String(error) });
  if (words) return words(host);
  if (error instanceof Error && /timed out/i.test(error.message)) return `${host} did not answer in time`;
  return `Could not reach ${host}`;
}
