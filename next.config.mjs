/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Types are checked by `npm run typecheck`; the build does not repeat the work.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "ioredis"],
};

export default nextConfig;
