import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Vitest 5's reporter calls Map.groupBy (Node 21+); on Node 20 a failing test would crash the reporter
// instead of being reported.
if (!("groupBy" in Map)) {
  Object.defineProperty(Map, "groupBy", {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>();
      let index = 0;
      for (const item of items) {
        const k = key(item, index++);
        groups.set(k, [...(groups.get(k) ?? []), item]);
      }
      return groups;
    },
  });
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^server-only$/, replacement: `${root}scripts/test/server-only-stub.ts` },
      { find: /^@\//, replacement: root },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts", "e2e/**/*.test.ts"],
    globalSetup: ["scripts/test/vitest-global-setup.ts"],
    setupFiles: ["scripts/test/vitest-setup.ts"],
    // Integration tests share one fresh database per run; files run one after another to keep counts exact.
    fileParallelism: false,
    // lib/ai/deadline.integration.test.ts forces garbage collection while a model call hangs.
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
