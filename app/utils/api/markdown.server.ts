import { marked, type Token, type Tokens } from 'marked'
import type { Block, Inline } from './reference-types'

/**
 * Markdown (the OpenAPI document's descriptions) as plain data that React
 * components render with our own elements: no HTML string is ever injected,
 * and tables and code get the page's accessible components. Only what our
 * descriptions use is kept: headings, paragraphs, lists, tables, code,
 * emphasis and links; raw HTML is shown as text.
 */

/** A heading's anchor: lower case, words joined by dashes. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function inline(tokens: Token[] | undefined): Inline[] {
  return (tokens ?? []).flatMap((token): Inline[] => {
    switch (token.type) {
      case 'codespan':
        return [{ type: 'code', text: token.text }]
      case 'strong':
      case 'em':
        return [{ type: token.type, children: inline((token as Tokens.Strong).tokens) }]
      case 'link':
        return [{ type: 'link', href: (token as Tokens.Link).href, children: inline((token as Tokens.Link).tokens) }]
      case 'text':
        return (token as Tokens.Text).tokens ? inline((token as Tokens.Text).tokens) : [{ type: 'text', text: token.text }]
      case 'br':
        return [{ type: 'text', text: ' ' }]
      default:
        return [{ type: 'text', text: 'text' in token && typeof token.text === 'string' ? token.text : token.raw }]
    }
  })
}

function plain(children: Inline[]): string {
  return children.map((child) => ('text' in child ? child.text : plain(child.children))).join('')
}

function blocks(tokens: Token[]): Block[] {
  return tokens.flatMap((token): Block[] => {
    switch (token.type) {
      case 'heading': {
        const children = inline((token as Tokens.Heading).tokens)
        return [{ type: 'heading', depth: (token as Tokens.Heading).depth, id: slug(plain(children)), children }]
      }
      case 'paragraph':
        return [{ type: 'paragraph', children: inline((token as Tokens.Paragraph).tokens) }]
      case 'code':
        return [{ type: 'code', lang: (token as Tokens.Code).lang ?? '', text: (token as Tokens.Code).text }]
      case 'list':
        return [
          {
            type: 'list',
            ordered: (token as Tokens.List).ordered,
            items: (token as Tokens.List).items.map((item) => blocks(item.tokens)),
          },
        ]
      case 'table': {
        const table = token as Tokens.Table
        return [{ type: 'table', header: table.header.map((cell) => inline(cell.tokens)), rows: table.rows.map((row) => row.map((cell) => inline(cell.tokens))) }]
      }
      case 'text':
        // A tight list item's content.
        return [{ type: 'paragraph', children: inline((token as Tokens.Text).tokens ?? [{ type: 'text', raw: token.raw, text: token.text } as Tokens.Text]) }]
      case 'space':
      case 'hr':
        return []
      default:
        return [{ type: 'paragraph', children: [{ type: 'text', text: token.raw }] }]
    }
  })
}

export function markdownBlocks(markdown: string): Block[] {
  return blocks(marked.lexer(markdown))
}

/** One line of Markdown (a summary, a table cell) as inline content. */
export function markdownInline(markdown: string): Inline[] {
  const [first] = markdownBlocks(markdown)
  return first && first.type === 'paragraph' ? first.children : [{ type: 'text', text: markdown }]
}
