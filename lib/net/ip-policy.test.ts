// The address policy behind fetchSource: which addresses count as public.
import { describe, expect, it } from "vitest";
import { classifyAddress, isPublicAddress } from "./ip-policy";

// ------------------------------------------------------------------------------------------- ip policy

describe("ip policy", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "224.0.0.1",
    "192.0.2.1",
    "198.18.0.1",
    "240.0.0.1",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:0:127.0.0.1",
    "::127.0.0.1",
    "64:ff9b::10.0.0.1",
    "64:ff9b:1::1",
    "2002:7f00:1::1",
    "2001::1",
    "2001:db8::1",
    "not an ip",
  ])("blocks %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"])("allows %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("names the range", () => {
    expect(classifyAddress("169.254.169.254").range).toBe("linkLocal");
    expect(classifyAddress("::ffff:127.0.0.1").range).toBe("ipv4Mapped:loopback");
    expect(classifyAddress("100.64.1.2").range).toBe("carrierGradeNat");
  });
});

// ------------------------------------------------------------------------------------- address blocking
