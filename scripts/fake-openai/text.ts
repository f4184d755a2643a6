// Shared text helpers for the fake model: seeded randomness, language detection, topic words,
// token estimates and sentence builders that hit an exact word (en) or character (zh) count.
// Exact counts matter because tests and the app check "Target words: N" within ±10 %.

export type Lang = "en" | "zh";
export type Rng = () => number;

/** 32-bit string hash (cyrb53 folded): same prompt → same seed on every machine. */
export function hashString(input: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < input.length; i++) {
    const ch = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}

/** mulberry32: tiny, fast and good enough for deterministic test content. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

export function countHan(text: string): number {
  return text.match(HAN)?.length ?? 0;
}

/** `Language: zh…` wins; otherwise the prompt is Chinese when Han characters outnumber Latin letters. */
export function detectLanguage(prompt: string): Lang {
  const marker = /^\s*Language:\s*([A-Za-z-]+)/im.exec(prompt);
  if (marker) return marker[1].toLowerCase().startsWith("zh") ? "zh" : "en";
  const han = countHan(prompt);
  return han > 0 && han >= (prompt.match(LATIN)?.length ?? 0) ? "zh" : "en";
}

/** Rough tokenizer: one token per Han character, one per 4 other characters (OpenAI's rule of thumb). */
export function estimateTokens(text: string): number {
  const han = countHan(text);
  return han + Math.ceil((text.length - han) / 4);
}

const STOPWORDS = new Set(
  (
    "the and for with that this from into your you are was were been being have has had not but all any " +
    "can could should would will shall may might must our their them they its it's about above after " +
    "again against also because before below between both each few more most other some such than too " +
    "very what when where which while who whom why how here there then these those only own same just " +
    "over under use using used write writes written article articles words word target characters " +
    "language count json schema return returns output provide please generate section sections include " +
    "including following follow format markdown text prompt respond response answer given based make " +
    "sure like one two three four five six seven eight nine ten cite citation citations source sources " +
    "item items list title titles outline heading headings paragraph paragraphs topic instructions"
  ).split(" "),
);

/** Content words of the prompt, most relevant first: the `Topic:`/`Title:` line, then by frequency. */
export function topicWords(prompt: string): string[] {
  const primary = /^\s*(?:Topic|Title|Subject):\s*(.+)$/im.exec(prompt)?.[1] ?? "";
  const body = prompt
    .split("\n")
    .filter((line) => !/^\s*(Language|Target (words|characters)|[\w-]*\s*count)\s*:/i.test(line))
    .join("\n");
  const freq = new Map<string, { n: number; first: number; primary: boolean }>();
  const scan = (text: string, isPrimary: boolean) => {
    for (const m of text.matchAll(/[A-Za-z][A-Za-z'-]{2,}/g)) {
      const raw = m[0].replace(/['-]+$/, "");
      const word = /^[A-Z0-9]{2,5}$/.test(raw) ? raw : raw.toLowerCase();
      if (STOPWORDS.has(word.toLowerCase()) || word.length < 3) continue;
      const entry = freq.get(word) ?? { n: 0, first: freq.size, primary: false };
      entry.n += 1;
      entry.primary ||= isPrimary;
      freq.set(word, entry);
    }
  };
  scan(primary, true);
  scan(body, false);
  const ranked = [...freq.entries()].sort(([, a], [, b]) => Number(b.primary) - Number(a.primary) || b.n - a.n || a.first - b.first);
  const words = ranked.slice(0, 14).map(([w]) => w);
  return words.length > 0 ? words : ["content", "planning", "ideas"];
}

/** Han phrases worth repeating: the Topic/Title line, `## ` headings, else the first Han runs. */
export function topicPhrases(prompt: string): string[] {
  const runs = (text: string) => (text.match(/\p{Script=Han}{2,12}/gu) ?? []).slice(0, 6);
  const primary = /^\s*(?:Topic|Title|Subject|主题|标题)\s*[:：]\s*(.+)$/im.exec(prompt)?.[1] ?? "";
  // Drop label words ("主题：", "语言：") so they do not become topic phrases themselves.
  const rest = prompt.replace(/^\s*(Language|语言).*$/gim, "").replace(/^\s*[^\s:：]{1,6}[:：]/gm, "");
  const found = [...runs(primary), ...runs(rest)];
  const unique = [...new Set(found)];
  return unique.length > 0 ? unique.slice(0, 8) : ["内容创作", "写作方法"];
}

// Sentence templates: {A}/{B} are single topic words, so word counts stay exact.
const EN_TEMPLATES = [
  "{A} remains a moving target",
  "Clear goals help {A} deliver lasting value",
  "Evidence suggests that {A} improves {B}",
  "A practical approach to {A} starts small",
  "Good {A} depends on reliable {B}",
  "Small improvements in {A} compound over time",
  "The core idea behind {A} is simple",
  "Experts recommend reviewing {A} alongside {B}",
  "{A} works best when paired with {B}",
  "Careful attention to {A} makes {B} easier to manage",
  "Many practitioners treat {A} as the foundation of {B}",
  "The link between {A} and {B} is often underestimated",
  "Readers often ask how {A} relates to {B}",
  "Strong {A} turns {B} into a real advantage",
  "Getting {A} right early saves time and effort later on",
  "Most successful projects treat {A} and {B} as closely connected",
  "Simple habits around {A} can make {B} far more predictable",
  "When people discuss {A}, they often overlook the role of {B}",
  "A clear plan for {A} helps everyone see where {B} fits",
  "It pays to revisit {A} whenever {B} changes in a meaningful way",
  "{A} shapes how teams think about {B} and plan their next steps",
  "The best results come from balancing {A} with a steady focus on {B}",
];
const EN_PADDING = [
  "in practice",
  "over time",
  "for most teams",
  "in many cases",
  "today",
  "consistently",
  "across different contexts",
  "when done well",
  "according to recent reports",
  "as well",
  "for everyday readers",
  "with modest effort",
  "at every stage",
  "in the long run",
];
const SHORT = ["{A}.", "{A} matters.", "{A} matters greatly.", "{A} deserves careful attention."];

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One English sentence of exactly `n` words (n ≥ 1), ending with a period. */
export function englishSentence(rng: Rng, n: number, words: readonly string[]): string {
  const a = pick(rng, words);
  const others = words.filter((w) => w !== a);
  const b = others.length > 0 ? pick(rng, others) : "results";
  if (n <= SHORT.length) return capitalize(SHORT[n - 1].replace("{A}", a));
  // Prefer the longest templates that fit so that little padding is needed (reads better).
  const fitting = EN_TEMPLATES.filter((t) => wordCount(t) <= n && wordCount(t) >= n - 5);
  const pool = fitting.length > 0 ? fitting : EN_TEMPLATES.filter((t) => wordCount(t) <= n);
  const parts = [pick(rng, pool).replace("{A}", a).replace("{B}", b)];
  let remaining = n - wordCount(parts[0]);
  const used = new Set<string>();
  while (remaining > 0) {
    const fits = EN_PADDING.filter((p) => wordCount(p) <= remaining);
    const fresh = fits.filter((p) => !used.has(p));
    const pad = pick(rng, fresh.length > 0 ? fresh : fits);
    used.add(pad);
    parts.push(pad);
    remaining -= wordCount(pad);
  }
  return `${capitalize(parts.join(" "))}.`;
}

const ZH_PIECES = [
  "正在改变我们的工作方式",
  "需要长期投入",
  "带来了新的机遇",
  "同时也面临挑战",
  "在实践中不断完善",
  "值得深入研究",
  "的核心在于持续改进",
  "能够提升整体效率",
  "离不开团队协作",
  "直接影响用户体验",
  "依赖可靠的数据分析",
  "需要合理规划",
  "应当逐步推进",
  "已经成为行业共识",
  "体现了长期价值",
];
const ZH_FILL: Record<number, readonly string[]> = {
  1: ["好"],
  2: ["明显", "重要", "可行", "稳定"],
  3: ["更可靠", "更清晰", "有意义"],
  4: ["效果显著", "前景广阔", "意义深远", "值得期待"],
};

/** One Chinese sentence with exactly `n` Han characters (punctuation is not counted). */
export function chineseSentence(rng: Rng, n: number, phrases: readonly string[]): string {
  let subject = pick(rng, phrases);
  if (countHan(subject) > n) subject = [...subject].slice(0, n).join("");
  const parts: string[] = [];
  let remaining = n - countHan(subject);
  while (remaining > 4) {
    // Never leave exactly one character over: a lone "好" at the end reads badly.
    const options = ZH_PIECES.filter((p) => !parts.includes(p) && (countHan(p) === remaining || countHan(p) <= remaining - 2));
    const piece = options.length > 0 ? pick(rng, options) : pick(rng, ZH_FILL[Math.min(4, remaining - 2)]);
    parts.push(piece);
    remaining -= countHan(piece);
  }
  if (remaining > 0) parts.push(pick(rng, ZH_FILL[remaining]));
  return `${subject}${parts.join("，")}。`;
}

/** Splits `total` into sentence lengths within [min, max] (the last may be shorter when total is small). */
export function splitLengths(rng: Rng, total: number, min: number, max: number): number[] {
  const lengths: number[] = [];
  let remaining = total;
  while (remaining > 0) {
    if (remaining <= max) {
      lengths.push(remaining);
      break;
    }
    let len = randInt(rng, min, max);
    if (remaining - len < min) len = remaining - min;
    lengths.push(len);
    remaining -= len;
  }
  return lengths;
}
