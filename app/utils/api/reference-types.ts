/**
 * The API reference as /api/docs renders it (built on the server from the
 * OpenAPI document by reference.server.ts). No server code here: the page's
 * components import these types.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }

export type Block =
  | { type: 'heading'; depth: number; id: string; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; ordered: boolean; items: Block[][] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }

export type FieldRow = { name: string; type: string; required: boolean; description: Inline[] }

export type ReferenceOperation = {
  id: string
  method: string
  path: string
  summary: string
  description: Block[]
  /** null: no key needed; '': any valid key; otherwise the scope. */
  scope: string | null
  idempotency: { mode: 'optional' | 'required' | 'exempt'; reason: string | null } | null
  parameters: { name: string; in: string; required: boolean; type: string; description: Inline[] }[]
  requestBody: { description: Inline[]; media: { type: string; fields: FieldRow[]; example: string | null }[] } | null
  responses: { status: string; description: Inline[]; headers: { name: string; required: boolean; description: Inline[] }[]; fields: FieldRow[]; example: string | null }[]
  errors: { status: string; code: string; when: Inline[] }[]
  curl: string
}

export type ApiReference = {
  title: string
  version: string
  serverUrl: string
  guide: Block[]
  groups: { name: string; description: Inline[]; operations: ReferenceOperation[] }[]
}

