// Finding and replacing one `## ` section of a Markdown article (for per-section revisions and checks).

export interface Section {
  title: string;
  start: number;
  end: number;
  text: string;
}

const normalize = (value: string) => value.trim().toLowerCase().replace(/\s+/g, " ");

export function listSections(markdown: string): Section[] {
  const headings = [...markdown.matchAll(/^##[ \t]+(.+)$/gm)];
  return headings.map((match, i) => {
    const start = match.index ?? 0;
    const end = headings[i + 1]?.index ?? markdown.length;
    return { title: match[1].trim(), start, end, text: markdown.slice(start, end) };
  });
}

export function findSection(markdown: string, title: string): Section | null {
  const wanted = normalize(title);
  return listSections(markdown).find((s) => normalize(s.title) === wanted) ?? listSections(markdown).find((s) => normalize(s.title).includes(wanted)) ?? null;
}

export function replaceSection(markdown: string, section: Section, replacement: string): string {
  const tail = markdown.slice(section.end);
  return `${`${markdown.slice(0, section.start)}${replacement.trimEnd()}\n\n${tail.trimStart()}`.trimEnd()}\n`;
}
