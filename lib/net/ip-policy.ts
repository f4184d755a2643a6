// Which IP addresses the server may connect to when fetching a URL a writer supplied (SSRF policy).
// Classification is done by ipaddr.js (its IANA special-purpose range tables), not by hand-written patterns.
// Only globally routable unicast addresses pass; IPv6 forms that embed an IPv4 address (IPv4-mapped,
// IPv4-translated, NAT64, 6to4) are judged by the IPv4 address inside them.
import ipaddr from "ipaddr.js";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

export interface AddressClassification {
  /** The address as ipaddr.js normalises it, e.g. "127.0.0.1" or "::1". */
  address: string;
  /** ipaddr.js range name ("unicast", "loopback", "private", "linkLocal", ...) or a name of ours
   * ("invalid", "ipv4Compatible"). For IPv6 forms wrapping an IPv4 address: "ipv4Mapped:loopback" etc. */
  range: string;
  /** True only for globally routable unicast addresses. */
  isPublic: boolean;
}

// ::/96 — deprecated "IPv4-compatible" addresses (::a.b.c.d); ipaddr.js calls them "unicast".
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR("::/96");

function v4FromLow32(v6: IPv6): IPv4 {
  const p = v6.parts;
  return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
}

function classifyV4(v4: IPv4): { range: string; isPublic: boolean } {
  const range = v4.range();
  return { range, isPublic: range === "unicast" };
}

function classifyV6(v6: IPv6): { range: string; isPublic: boolean } {
  if (v6.zoneId) return { range: "scoped", isPublic: false };
  const range = v6.range();
  const wrapped = (inner: IPv4) => {
    const r = classifyV4(inner);
    return { range: `${range}:${r.range}`, isPublic: r.isPublic };
  };
  switch (range) {
    case "ipv4Mapped": // ::ffff:a.b.c.d
      return wrapped(v6.toIPv4Address());
    case "rfc6145": // ::ffff:0:a.b.c.d
      return wrapped(v4FromLow32(v6));
    case "rfc6052": {
      // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only.
      if (v6.match(ipaddr.IPv6.parseCIDR("64:ff9b::/96"))) return wrapped(v4FromLow32(v6));
      return { range, isPublic: false };
    }
    case "6to4": {
      // 2002:AABB:CCDD::/48 tunnels to a.b.c.d = AA.BB.CC.DD.
      const p = v6.parts;
      return wrapped(new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]));
    }
    case "unicast":
      if (v6.match(IPV4_COMPATIBLE)) return { range: "ipv4Compatible", isPublic: false };
      return { range, isPublic: true };
    default:
      // loopback, unspecified, linkLocal, uniqueLocal, multicast, teredo, reserved, discard, ...
      return { range, isPublic: false };
  }
}

/** Classifies one textual IP address (as returned by DNS or written in a URL, brackets removed). */
export function classifyAddress(address: string): AddressClassification {
  let parsed: IPv4 | IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return { address, range: "invalid", isPublic: false };
  }
  const verdict = parsed.kind() === "ipv4" ? classifyV4(parsed as IPv4) : classifyV6(parsed as IPv6);
  return { address: parsed.toString(), ...verdict };
}

/** True only when `address` is a globally routable unicast address (what a public web server has). */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).isPublic;
}
