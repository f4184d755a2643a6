// Field schemas several actions' parameters share.
import { z } from "zod";

export const id = z.string().trim().min(1).max(200);
export const text = (max: number) => z.string().trim().min(1).max(max);
