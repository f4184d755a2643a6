// The stage and locale vocabularies as zod schemas, for the server's input parsing. Apart from stages.ts so that
// the client modules importing the vocabulary do not load zod with the page.
import { z } from "zod";
import { LOCALES, STAGES } from "@/lib/genflow/stages";

export const stageSchema = z.enum(STAGES);
export const localeSchema = z.enum(LOCALES);
