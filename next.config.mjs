import createNextIntlPlugin from "next-intl/plugin";

// Headers for what proxy.ts does not see (Next's static files); pages and API answers get theirs, the
// pages' CSP with a per-request nonce, in proxy.ts (lib/security-headers.ts).
const staticHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Lets parallel builds (a second engineer's test run, a benchmark) use their own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Types are checked by `npm run typecheck`; the build does not repeat the work.
  typescript: { ignoreBuildErrors: true },
  // pino and the OpenTelemetry instrumentations patch or spawn at run time: load them from node_modules as is.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "ioredis", "pino", "@prisma/instrumentation", "@opentelemetry/instrumentation"],
  async headers() {
    return [{ source: "/_next/static/:path*", headers: staticHeaders }];
  },
};

// next-intl reads its request configuration (locale, messages) from i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

export default withNextIntl(nextConfig);
