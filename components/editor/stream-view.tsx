"use client";
// The draft as it streams in, rendered read-only through the editor's own schema (the same Markdown rules as
// the editor, and nothing the schema does not know reaches the page as HTML). Loaded on demand with Tiptap.
import "./editor.css";
import { getSchema } from "@tiptap/core";
import { DOMSerializer } from "@tiptap/pm/model";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { createMarkdownManager, markdownExtensions, parseMarkdown } from "@/components/editor/markdown";

const RENDER_INTERVAL_MS = 250;

export default function StreamView({ markdown, language }: { markdown: string; language: "en" | "zh" }) {
  const ref = useRef<HTMLDivElement>(null);
  const tools = useMemo(() => {
    const extensions = markdownExtensions();
    const schema = getSchema(extensions);
    return { manager: createMarkdownManager(extensions), schema, serializer: DOMSerializer.fromSchema(schema) };
  }, []);
  // Each render parses and lays out the whole text so far: at most a few a second, however fast the deltas come,
  // or a long draft streamed quickly keeps the page's thread busy and its events (progress, the end) wait behind.
  const latest = useRef(markdown);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRender = useRef(0);
  const render = useCallback(() => {
    timer.current = null;
    lastRender.current = performance.now();
    const el = ref.current;
    if (!el) return;
    try {
      const doc = tools.schema.nodeFromJSON(parseMarkdown(tools.manager, latest.current));
      el.replaceChildren(tools.serializer.serializeFragment(doc.content));
    } catch {
      el.textContent = latest.current;
    }
  }, [tools]);
  useEffect(() => {
    latest.current = markdown;
    if (timer.current) return;
    const wait = Math.max(0, lastRender.current + RENDER_INTERVAL_MS - performance.now());
    timer.current = setTimeout(render, wait);
  }, [markdown, render]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return <div ref={ref} className="genflow-editor" lang={language === "zh" ? "zh-CN" : "en"} data-testid="draft-stream-text" />;
}
