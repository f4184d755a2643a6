import { describe, expect, it } from "vitest";
import { describeRevisionNote } from "@/components/workspace/revision-note";
import { en } from "@/lib/locales/en";
import { zh } from "@/lib/locales/zh";

describe("describeRevisionNote", () => {
  it.each([
    ["created", "创建"],
    ["draft", "初稿"],
    ["revised section s2", "修改了章节 s2"],
    ["style conversational for wechat", "风格「口语化」，平台「微信公众号」"],
    ["fixes i1, i3", "修复 i1, i3"],
    ["restored version 4", "恢复自版本 4"],
    ["accepted c1, c3 of revised section s2", "接受了 AI 修改 c1, c3：修改了章节 s2"],
    ["merged c2 of fixes i1", "自动合并了 AI 修改 c2：修复 i1"],
    ["accepted the title of draft", "接受了 AI 的标题：初稿"],
    ["suggestion: improve", "对选中文字的 AI 建议"],
    ["grammar fix", "语法修正"],
  ])("words %j in Chinese", (note, expected) => {
    expect(describeRevisionNote(note, zh)).toBe(expected);
  });

  it("keeps the server's English words in English, and a note it does not know as written", () => {
    for (const note of ["created", "draft", "revised", "revised section s2", "style formal for blog", "fixes i1", "restored version 2"]) {
      expect(describeRevisionNote(note, en).toLowerCase()).toBe(note);
    }
    expect(describeRevisionNote("imported from Word", zh)).toBe("imported from Word");
    expect(describeRevisionNote("accepted c1, c3 of revised section s2", en)).toBe("accepted AI changes c1, c3 of: revised section s2");
    expect(describeRevisionNote("accepted c1 of a note it does not know", zh)).toBe("接受了 AI 修改 c1：a note it does not know");
  });
});
