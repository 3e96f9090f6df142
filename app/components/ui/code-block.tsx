import { useScrollsSideways } from './table'

/**
 * Preformatted code (a command, a JSON example). Long lines scroll inside
 * the block; while they do, the frame is a named, focusable region so a
 * keyboard can scroll it too (WCAG 2.1.1), like a wide table.
 */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  const { ref, scrolls } = useScrollsSideways()
  return (
    <div
      ref={ref}
      className="overflow-x-auto rounded-lg border border-border bg-muted"
      {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      <pre className="w-max min-w-full p-3 font-mono text-xs leading-relaxed text-foreground">
        <code>{code}</code>
      </pre>
    </div>
  )
}
