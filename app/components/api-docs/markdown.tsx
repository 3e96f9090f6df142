import { Fragment } from 'react'
import { CodeBlock } from '~/components/ui/code-block'
import { Table, Td, Th } from '~/components/ui/table'
import type { Block, Inline } from '~/utils/api/reference-types'

/** Markdown from the OpenAPI document, already parsed on the server, with our own elements. */

export function InlineText({ content }: { content: Inline[] }) {
  return (
    <>
      {content.map((node, i) => {
        switch (node.type) {
          case 'text':
            return <Fragment key={i}>{node.text}</Fragment>
          case 'code':
            return (
              <code key={i} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em] text-foreground">
                {node.text}
              </code>
            )
          case 'strong':
            return (
              <strong key={i} className="font-semibold">
                <InlineText content={node.children} />
              </strong>
            )
          case 'em':
            return (
              <em key={i}>
                <InlineText content={node.children} />
              </em>
            )
          case 'link':
            return (
              <a key={i} href={node.href} className="font-medium text-primary underline underline-offset-2">
                <InlineText content={node.children} />
              </a>
            )
        }
      })}
    </>
  )
}

const headingClass: Record<number, string> = {
  2: 'mt-10 scroll-mt-6 text-lg font-semibold tracking-tight',
  3: 'mt-6 scroll-mt-6 text-base font-semibold',
}

function plainText(content: Inline[]): string {
  return content.map((node) => ('text' in node ? node.text : plainText(node.children))).join('')
}

export function MarkdownBlocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) => {
        switch (block.type) {
          case 'heading': {
            const Tag = (block.depth <= 2 ? 'h2' : block.depth === 3 ? 'h3' : 'h4') as 'h2' | 'h3' | 'h4'
            return (
              <Tag key={i} id={block.id} className={headingClass[block.depth] ?? 'mt-4 font-semibold'}>
                <InlineText content={block.children} />
              </Tag>
            )
          }
          case 'paragraph':
            return (
              <p key={i} className="mt-3 leading-relaxed">
                <InlineText content={block.children} />
              </p>
            )
          case 'code':
            return (
              <div key={i} className="mt-3">
                <CodeBlock code={block.text} label={block.lang === 'json' ? 'JSON example' : 'Command'} />
              </div>
            )
          case 'list': {
            const List = block.ordered ? 'ol' : 'ul'
            return (
              <List key={i} className={`mt-3 space-y-1.5 pl-5 ${block.ordered ? 'list-decimal' : 'list-disc'}`}>
                {block.items.map((item, j) => (
                  <li key={j} className="leading-relaxed [&>p]:mt-0">
                    <MarkdownBlocks blocks={item} />
                  </li>
                ))}
              </List>
            )
          }
          case 'table':
            return (
              <div key={i} className="mt-3">
                <Table label={`Table: ${block.header.map(plainText).join(", ")}`}>
                  <thead>
                    <tr>
                      {block.header.map((cell, j) => (
                        <Th key={j}>
                          <InlineText content={cell} />
                        </Th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {block.rows.map((row, j) => (
                      <tr key={j}>
                        {row.map((cell, k) => (
                          <Td key={k}>
                            <InlineText content={cell} />
                          </Td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )
        }
      })}
    </>
  )
}
