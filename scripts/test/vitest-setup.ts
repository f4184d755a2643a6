import { inject } from "vitest";

// lib/env reads the environment when first imported, so this must run before any test imports lib/.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "vitest-secret";
process.env.RATE_LIMIT_POINTS ??= "5";
process.env.RATE_LIMIT_WINDOW_SECONDS ??= "60";
