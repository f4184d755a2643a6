// Values written to JSON columns (stageData, context, run parameters and results). They go through JSON
// as the database would store them (undefined fields dropped) and are checked to be JSON objects, which is
// the type Prisma asks for: no cast between what the domain holds and what the column takes.
import { z } from "zod";
import type { Prisma } from "@/lib/db";

const jsonObject = z.record(z.string(), z.json());

export function toJsonColumn(value: Record<string, unknown>): Prisma.InputJsonObject {
  return jsonObject.parse(JSON.parse(JSON.stringify(value)));
}
