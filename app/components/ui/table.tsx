import { useEffect, useRef, useState, type HTMLAttributes, type TdHTMLAttributes, type ThHTMLAttributes } from 'react'
import { cn } from '~/utils/cn'

/**
 * True while the element's content is wider than the element, i.e. while
 * it scrolls sideways (phones); measured in the browser, again on resize.
 */
export function useScrollsSideways() {
  const ref = useRef<HTMLDivElement>(null)
  const [scrolls, setScrolls] = useState(false)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    if (element.firstElementChild) observer.observe(element.firstElementChild)
    return () => observer.disconnect()
  }, [])
  return { ref, scrolls }
}

/**
 * A table in a frame that scrolls sideways when the table is wider than the
 * screen. While it does, the frame is a named, focusable region, so keyboard
 * users can scroll it too (WCAG 2.1.1) even when no cell holds a control.
 */
export function Table({ label, className, ...props }: HTMLAttributes<HTMLTableElement> & { label: string }) {
  const { ref, scrolls } = useScrollsSideways()
  return (
    <div
      ref={ref}
      className="relative overflow-x-auto rounded-lg border border-border bg-surface"
      {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      <table className={cn('w-full text-left text-sm', className)} {...props} />
    </div>
  )
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn('border-b border-border px-4 py-2 text-xs font-medium uppercase tracking-wide text-muted-foreground', className)}
      {...props}
    />
  )
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('border-b border-border px-4 py-2 align-top', className)} {...props} />
}
