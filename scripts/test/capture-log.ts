// Captures the JSON lines the server's logger writes to stdout during a test (lib/log.ts writes to process.stdout).
import { vi } from "vitest";

export interface CapturedLog {
  lines: () => Record<string, unknown>[];
  restore: () => void;
}

/** Raises the logger to `level` and records every JSON line written until `restore()`. */
export function captureLog(logger: { level: string }, level = "debug"): CapturedLog {
  const previous = logger.level;
  logger.level = level;
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  });
  return {
    lines: () =>
      written
        .join("")
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      spy.mockRestore();
      logger.level = previous;
    },
  };
}
