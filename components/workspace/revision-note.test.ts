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

  it("never shows an internal identifier (section, issue or change ids)", () => {
    expect(describeRevisionNote("revised section s2", en)).toBe("revised a section");
    expect(describeRevisionNote("fixes i1, i3", en)).toBe("review fixes: 2");
    expect(describeRevisionNote("accepted c1, c3 of fixes i2", en)).toBe("AI changes accepted: 2 · review fixes: 1");
  });
});
