// Tailwind classes shared by the workspace's forms, so every stage's controls look and focus alike.
export const primary = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50";
export const secondary = "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";
export const small = "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-50";
export const input = "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm";
