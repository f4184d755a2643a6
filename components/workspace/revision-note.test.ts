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
  ])("words %j in Chinese", (note, expected) => {
    expect(describeRevisionNote(note, zh)).toBe(expected);
  });

  it("keeps the server's English words in English, and a note it does not know as written", () => {
    for (const note of ["created", "draft", "revised", "revised section s2", "style formal for blog", "fixes i1", "restored version 2"]) {
      expect(describeRevisionNote(note, en).toLowerCase()).toBe(note);
    }
    expect(describeRevisionNote("imported from Word", zh)).toBe("imported from Word");
  });
});
