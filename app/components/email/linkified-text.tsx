import { cn } from '~/utils/cn'

export type TextPart = { type: 'text'; value: string } | { type: 'link'; href: string }

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g
// Sentence punctuation after a link belongs to the sentence, not the URL.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/

/** Splits plain text into text and http(s) links, in order. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const href = match[0].replace(TRAILING_PUNCTUATION, '')
    const start = match.index
    if (start > last) parts.push({ type: 'text', value: text.slice(last, start) })
    parts.push({ type: 'link', href })
    last = start + href.length
  }
  if (last < text.length) parts.push({ type: 'text', value: text.slice(last) })
  return parts
}

/** Plain text with its links clickable; line breaks kept. */
export function LinkifiedText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={cn('whitespace-pre-wrap [overflow-wrap:anywhere]', className)}>
      {splitLinks(text).map((part, index) =>
        part.type === 'link' ? (
          <a key={index} href={part.href} rel="noreferrer" className="font-medium text-primary underline underline-offset-2">
            {part.href}
          </a>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </p>
  )
}
