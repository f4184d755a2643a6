import { describe, expect, it } from "vitest";
import { describeRevisionNote } from "@/components/workspace/revision-note";
import { en } from "@/lib/locales/en";
import { zh } from "@/lib/locales/zh";

describe("describeRevisionNote", () => {
  it.each([
    ["created", "创建"],
    ["draft", "初稿"],
    ["revised section s2", "修改了一个章节"],
    ["style conversational for wechat", "风格「口语化」，平台「微信公众号」"],
    ["fixes i1, i3", "2 处审核修改"],
    ["restored version 4", "恢复自版本 4"],
    ["accepted c1, c3 of revised section s2", "采纳了 2 处 AI 修改 · 修改了一个章节"],
    ["merged c2 of fixes i1", "自动合并了 1 处 AI 修改 · 1 处审核修改"],
    ["accepted the title of draft", "接受了 AI 的标题：初稿"],
    ["accepted c1, c3 of draft", "采纳了 2 处 AI 修改 · 初稿"],
    ["suggestion: improve", "对选中文字的 AI 建议"],
    ["grammar fix", "语法修正"],
  ])("words %j in Chinese", (note, expected) => {
    expect(describeRevisionNote(note, zh)).toBe(expected);
  });

  it("keeps the server's plain words in English, and a note it does not know as written", () => {
    for (const note of ["created", "draft", "revised", "style formal for blog", "restored version 2"]) {
      expect(describeRevisionNote(note, en).toLowerCase()).toBe(note);
    }
    expect(describeRevisionNote("imported from Word", zh)).toBe("imported from Word");
    expect(describeRevisionNote("accepted c1, c3 of revised section s2", en)).toBe("AI changes accepted: 2 · revised a section");
    expect(describeRevisionNote("accepted c1 of a note it does not know", zh)).toBe("采纳了 1 处 AI 修改 · a note it does not know");
  });

  it("names a variant applied to the article by its platform, in both languages", () => {
    expect(describeRevisionNote("variant wechat v3", en)).toBe(`the ${en.platformNames.wechat} variant (version 3)`);
    expect(describeRevisionNote("variant wechat v3", zh)).toBe("「微信公众号」版本（第 3 版）");
    expect(describeRevisionNote("accepted c1, c2 of variant xiaohongshu v1", zh)).toBe("采纳了 2 处 AI 修改 · 「小红书」版本（第 1 版）");
    expect(describeRevisionNote("merged the title of variant blog v2", en)).toBe(`merged the AI's title of: the ${en.platformNames.blog} variant (version 2)`);
  });

  it("names a proposal's action in words, and an action it does not know as an AI action", () => {
    expect(describeRevisionNote("accepted c1 of write_draft", en)).toBe("AI changes accepted: 1 · Write the draft");
    expect(describeRevisionNote("accepted c1 of write_draft", zh)).toBe(`采纳了 1 处 AI 修改 · ${zh.actionNames.write_draft}`);
    expect(describeRevisionNote("merged c2 of translate_article", en)).toBe("AI changes merged: 1 · an AI action");
    expect(describeRevisionNote("merged c2 of translate_article", zh)).toBe("自动合并了 1 处 AI 修改 · 一项 AI 操作");
    expect(describeRevisionNote("accepted c1 of a proposal", zh)).toBe("采纳了 1 处 AI 修改 · 一项 AI 提议");
  });

  it("recognises a suggestion made from the writer's own instruction", () => {
    expect(describeRevisionNote("suggestion: make it warmer", en)).toBe("an AI suggestion for a selection");
    expect(describeRevisionNote("suggestion: 更口语化一些", zh)).toBe("对选中文字的 AI 建议");
  });

  it("never shows an internal identifier (section, issue or change ids)", () => {
    expect(describeRevisionNote("revised section s2", en)).toBe("revised a section");
    expect(describeRevisionNote("fixes i1, i3", en)).toBe("review fixes: 2");
    expect(describeRevisionNote("accepted c1, c3 of fixes i2", en)).toBe("AI changes accepted: 2 · review fixes: 1");
  });
});
