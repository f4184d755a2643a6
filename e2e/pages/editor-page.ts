import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import type pg from "pg";
import { expect, type Writer } from "../fixtures";
import { runAction } from "../pipeline";

const API = "/api/genflow";

export interface StoredArticle {
  id: string;
  title: string;
  content: string;
  version: number;
}

/** A session at the writing stage with a three-section outline; the draft written unless `draft` is false. */
export async function writingArticle(writer: Writer, { draft = true, language = "en" }: { draft?: boolean; language?: "en" | "zh" } = {}) {
  const title = language === "zh" ? "城市屋顶农场" : "Rooftop farms";
  const res = await writer.bearer.post(`${API}/sessions`, { data: { title, initialStage: "research", language } });
  expect(res.status()).toBe(201);
  const { sessionId, articleId } = (await res.json()) as { sessionId: string; articleId: string };
  const sections = language === "zh" ? ["为什么是屋顶", "种什么", "谁受益"] : ["Why roofs", "What grows", "Who benefits"];
  // A point of its own in the outline (so in its drafts' prompts): slowModel can slow this article's runs alone.
  const tag = `point ${randomUUID().slice(0, 8)}`;
  await runAction(writer, sessionId, "update_outline", { sections: sections.map((t) => ({ title: t, points: [tag] })) });
  await runAction(writer, sessionId, "approve", { stage: "research" });
  if (draft) await runAction(writer, sessionId, "write_draft", { targetLength: 300 });
  return { sessionId, articleId, tag };
}

export async function readArticle(writer: Writer, articleId: string): Promise<StoredArticle> {
  return (await (await writer.bearer.get(`${API}/articles/${articleId}`)).json()) as StoredArticle;
}

/** The writer's text through the API (as another tab or an integrator would save it). */
export async function saveArticle(writer: Writer, articleId: string, baseVersion: number, content: string) {
  const res = await writer.bearer.patch(`${API}/articles/${articleId}`, { data: { baseVersion, content } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as StoredArticle;
}

export async function revisions(writer: Writer, articleId: string) {
  const body = (await (await writer.bearer.get(`${API}/articles/${articleId}/revisions`)).json()) as {
    revisions: { version: number; source: string; note: string | null }[];
  };
  return body.revisions;
}

/**
 * A pending proposal as a finished revise run stores it (the AI's text over the article at its current version):
 * inserted directly, so a spec decides exactly which changes it holds.
 */
export async function insertProposal(sql: pg.Client, article: StoredArticle, content: string, sessionId: string | null = null) {
  const id = `prop${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  await sql.query(
    `INSERT INTO "Proposal" (id, "articleId", "sessionId", source, stage, action, model, note, "baseVersion", "baseTitle", "baseContent", content)
     VALUES ($1, $2, $3, 'stage', 'writing', 'revise_draft', 'fake-writer-1', 'revised', $4, $5, $6, $7)`,
    [id, article.id, sessionId, article.version, article.title, article.content, content],
  );
  return id;
}

/**
 * Slows the shared fake model for the requests whose prompt contains `match` (a run that lasts long enough to act
 * during it), and only those: specs running beside it keep the normal speed. Returns the undo.
 */
export async function slowModel(latency: { ttftMs: number; tokensPerSecond: number }, match: string) {
  const admin = (process.env.E2E_FAKE_OPENAI_URL ?? "").replace(/\/v1$/, "");
  const set = (body: unknown) =>
    fetch(`${admin}/__fake/latency`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await set({ ...latency, match });
  return async () => {
    await set({ match, remove: true });
  };
}

/** The article workspace's editor: the text, its AI changes (in the document and in the list), the streamed draft. */
export class EditorPage {
  constructor(readonly page: Page) {}

  static async open(browser: Browser, writer: Writer, articleId: string, locale: "en" | "zh" = "en") {
    const context = await browser.newContext({ storageState: await writer.cookie.storageState() });
    if (locale === "zh") {
      const base = new URL(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100");
      await context.addCookies([{ name: "genflow-locale", value: "zh", domain: base.hostname, path: "/" }]);
    }
    const page = await context.newPage();
    await page.goto(`/articles/${articleId}`);
    const editor = new EditorPage(page);
    await expect(editor.content).toHaveAttribute("contenteditable", "true");
    return editor;
  }

  get content() {
    return this.page.getByTestId("article-content");
  }
  get saveStatus() {
    return this.page.getByTestId("save-status");
  }
  get version() {
    return this.page.getByTestId("article-version");
  }
  /** AI changes drawn in the document. */
  get marks() {
    return this.content.getByTestId("proposal-mark");
  }
  get list() {
    return this.page.getByTestId("proposal-list");
  }

  async toEnd() {
    await this.content.click();
    await this.page.keyboard.press("Control+End");
  }

  async toStart() {
    await this.content.click();
    await this.page.keyboard.press("Control+Home");
  }

  async saved(timeout = 15_000) {
    await expect(this.saveStatus).toHaveAttribute("data-state", "saved", { timeout });
  }

  async close() {
    await this.page.context().close();
  }
}
