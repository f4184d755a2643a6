import { type AbstractIntlMessages, createTranslator, type IntlError } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { dictionaries, getTranslator } from "@/lib/i18n";

// Every catalogue entry as [key path, message], for the ICU check below.
function entries(messages: AbstractIntlMessages, prefix = ""): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]): [string, string][] =>
    typeof value === "string" ? [[`${prefix}${key}`, value]] : entries(value, `${prefix}${key}.`),
  );
}

describe("the message catalogues", () => {
  it.each(["en", "zh"] as const)("every %s message is valid ICU and formats with its arguments", (locale) => {
    const messages: AbstractIntlMessages = dictionaries[locale];
    const errors: IntlError[] = [];
    const all = entries(messages);
    expect(all.length).toBeGreaterThan(200);
    for (const [key, message] of all) {
      const names = [...message.matchAll(/\{(\w+)/g)].map((m) => m[1]);
      const values = Object.fromEntries(names.map((name) => [name, 2]));
      const t = createTranslator({ locale, messages: { message }, onError: (error) => errors.push(error) });
      expect(t("message", values), key).not.toBe("message");
    }
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it("has the same keys in Chinese as in English", () => {
    const keys = (locale: "en" | "zh") => entries(dictionaries[locale]).map(([key]) => key);
    expect(keys("zh")).toEqual(keys("en"));
  });

  it("counts applied fixes with an ICU plural, and agents read their steps in the session's language", () => {
    expect(getTranslator("en")("appliedCount", { n: 1 })).toBe("1 fix applied");
    expect(getTranslator("en")("appliedCount", { n: 3 })).toBe("3 fixes applied");
    expect(getTranslator("zh")("appliedCount", { n: 3 })).toBe("已应用 3 项修改");
    expect(getTranslator("zh")("agentSteps.drafting")).toBe("正在按大纲撰写");
    expect(getTranslator("en")("agentSteps.drafting")).toBe("Drafting along the outline");
  });
});
