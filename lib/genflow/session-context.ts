// What an integrator may attach to a session (POST /sessions `context`): validated on the way in, parsed
// again where it is read from the database. Unknown keys are the integrator's and are kept.
import { z } from "zod";

export const sessionContextSchema = z
  .object({
    publishWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    bannedTerms: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  })
  .catchall(z.unknown());

export type SessionContext = z.infer<typeof sessionContextSchema>;

/** The stored context (a JSON column); a value that does not parse reads as empty. */
export function readSessionContext(value: unknown): SessionContext {
  const parsed = sessionContextSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
