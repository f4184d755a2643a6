// A bordered pane with a small heading over a scrollable body: before/after, the review's article text.
import { type ReactNode, useId } from "react";

export function ScrollPane({
  title,
  headingLevel = 3,
  className = "",
  bodyClassName,
  testId,
  children,
}: {
  title: ReactNode;
  headingLevel?: 3 | 4;
  className?: string;
  bodyClassName: string;
  testId: string;
  children: ReactNode;
}) {
  const headingId = useId();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <section className={`min-w-0 rounded-md border border-slate-200 ${className}`} aria-labelledby={headingId}>
      <Heading id={headingId} className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-semibold text-slate-600">
        {title}
      </Heading>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <div className={`overflow-auto p-3 ${bodyClassName}`} tabIndex={0} data-testid={testId}>
        {children}
      </div>
    </section>
  );
}
