// Choices some actions offer, shared by their parameter schemas and the editor's forms (safe for the browser).
export const STYLE_PRESETS = ["formal", "conversational", "storytelling", "academic", "marketing", "technical"] as const;
export const PLATFORMS = ["blog", "newsletter", "wechat", "zhihu", "xiaohongshu", "linkedin", "x_thread"] as const;
export const EXPORT_FORMATS = ["md", "html"] as const;

export type StylePreset = (typeof STYLE_PRESETS)[number];
export type Platform = (typeof PLATFORMS)[number];
