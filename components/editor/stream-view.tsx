"use client";
// The draft as it streams in, rendered read-only through the editor's own schema (the same Markdown rules as
// the editor, and nothing the schema does not know reaches the page as HTML). Loaded on demand with Tiptap.
import "./editor.css";
import { getSchema } from "@tiptap/core";
import { DOMSerializer } from "@tiptap/pm/model";
import { useEffect, useMemo, useRef } from "react";
import { createMarkdownManager, markdownExtensions, parseMarkdown } from "@/components/editor/markdown";

export default function StreamView({ markdown, language }: { markdown: string; language: "en" | "zh" }) {
  const ref = useRef<HTMLDivElement>(null);
  const tools = useMemo(() => {
    const extensions = markdownExtensions();
    const schema = getSchema(extensions);
    return { manager: createMarkdownManager(extensions), schema, serializer: DOMSerializer.fromSchema(schema) };
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    try {
      const doc = tools.schema.nodeFromJSON(parseMarkdown(tools.manager, markdown));
      el.replaceChildren(tools.serializer.serializeFragment(doc.content));
    } catch {
      el.textContent = markdown;
    }
  }, [markdown, tools]);
  return <div ref={ref} className="genflow-editor" lang={language === "zh" ? "zh-CN" : "en"} data-testid="draft-stream-text" />;
}
