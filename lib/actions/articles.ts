"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUserId } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { deleteArticle, updateArticle } from "@/lib/genflow/articles";
import { versionNumber } from "@/lib/genflow/schemas";
import { createSession } from "@/lib/genflow/sessions";
import { localeSchema } from "@/lib/genflow/stage-schemas";
import { LOCALE_COOKIE } from "@/lib/i18n";
import { getLocale } from "@/lib/locale";

async function requireWriter(): Promise<string> {
  const userId = await getCurrentUserId();
  if (!userId) redirect("/sign-in");
  return userId;
}

// Server action: a new article with its first session, then open its workspace.
export async function createArticleAction(): Promise<void> {
  const userId = await requireWriter();
  const { locale } = await getLocale();
  const session = await createSession({ userId, input: { context: {}, language: locale }, locale });
  redirect(`/articles/${session.articleId}`);
}

export type DeleteState = { status: "idle" | "ok" } | { status: "error"; message: string };

export async function deleteArticleAction(articleId: string): Promise<DeleteState> {
  const userId = await requireWriter();
  const id = z.string().min(1).max(100).safeParse(articleId);
  if (!id.success) return { status: "error", message: "Invalid article id" };
  try {
    await deleteArticle({ id: id.data, userId });
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.message };
    throw error;
  }
  revalidatePath("/");
  return { status: "ok" };
}

// An edit the writer accepted from an AI helper (a suggestion, a grammar fix) is recorded as the AI's, not "You".
const saveSourceSchema = z.object({
  source: z.literal("capability"),
  model: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().min(1).max(200),
});
export type SaveSource = z.infer<typeof saveSourceSchema>;

const saveSchema = z.object({
  articleId: z.string().min(1).max(100),
  baseVersion: versionNumber,
  title: z.string().trim().min(1).max(300),
  content: z.string().max(900_000),
  source: saveSourceSchema.optional(),
});

export type SaveState =
  | { status: "saved"; version: number }
  | { status: "conflict"; currentVersion: number; current: { title: string; content: string } }
  | { status: "error"; message: string };

// Server action: the writer's edit at baseVersion; a stale base comes back as a conflict to resolve.
export async function saveArticleAction(input: z.infer<typeof saveSchema>): Promise<SaveState> {
  const userId = await requireWriter();
  const parsed = saveSchema.safeParse(input);
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Invalid input" };
  const { articleId, baseVersion, title, content, source } = parsed.data;
  try {
    const article = await updateArticle({ id: articleId, userId, baseVersion, change: { title, content }, ...(source ? { source } : {}) });
    return { status: "saved", version: article.version };
  } catch (error) {
    if (error instanceof AppError && error.code === "stale_version") {
      const details = error.details as { currentVersion: number; current: { title: string; content: string } };
      return { status: "conflict", currentVersion: details.currentVersion, current: details.current };
    }
    if (error instanceof AppError) return { status: "error", message: error.message };
    throw error;
  }
}

export type LocaleState = { status: "ok" } | { status: "error"; message: string };

// Server action: the interface language, kept for a year in a cookie (a preference: no sign-in needed).
export async function setLocaleAction(value: string): Promise<LocaleState> {
  const parsed = localeSchema.safeParse(value);
  if (!parsed.success) return { status: "error", message: "Unknown interface language" };
  (await cookies()).set(LOCALE_COOKIE, parsed.data, { path: "/", maxAge: 365 * 24 * 60 * 60, sameSite: "lax" });
  return { status: "ok" };
}
