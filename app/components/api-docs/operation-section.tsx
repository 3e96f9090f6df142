import { Badge } from '~/components/ui/badge'
import { CodeBlock } from '~/components/ui/code-block'
import { Table, Td, Th } from '~/components/ui/table'
import type { FieldRow, ReferenceOperation } from '~/utils/api/reference-types'
import { InlineText, MarkdownBlocks } from './markdown'

const methodTone = { GET: 'accent', HEAD: 'accent', POST: 'success', PUT: 'warning', PATCH: 'warning', DELETE: 'danger', OPTIONS: 'neutral' } as const

export function MethodBadge({ method }: { method: string }) {
  return (
    <Badge tone={methodTone[method as keyof typeof methodTone] ?? 'neutral'} className="font-mono">
      {method}
    </Badge>
  )
}

function Fields({ rows, label }: { rows: FieldRow[]; label: string }) {
  if (rows.length === 0) return null
  return (
    <Table label={label}>
      <thead>
        <tr>
          <Th>Field</Th>
          <Th>Type</Th>
          <Th>Description</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <Td className="whitespace-nowrap font-mono text-xs">
              {row.name}
              {row.required ? <span className="ml-1 font-sans text-muted-foreground">(required)</span> : null}
            </Td>
            <Td className="font-mono text-xs">{row.type}</Td>
            <Td>
              <InlineText content={row.description} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}

function Access({ operation }: { operation: ReferenceOperation }) {
  const parts: React.ReactNode[] = []
  if (operation.scope === null) parts.push('No API key needed.')
  else if (operation.scope === '') parts.push('Any valid API key.')
  else
    parts.push(
      <>
        Needs an API key with the <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">{operation.scope}</code> scope.
      </>,
    )
  const idempotency = operation.idempotency
  if (idempotency?.mode === 'optional') parts.push(' Send an Idempotency-Key to make retries safe.')
  if (idempotency?.mode === 'required') parts.push(' An Idempotency-Key is required.')
  if (idempotency?.mode === 'exempt') parts.push(` Not idempotent by key: ${idempotency.reason ?? ''}.`)
  return <p className="mt-2 text-muted-foreground">{parts.map((part, i) => <span key={i}>{part}</span>)}</p>
}

export function OperationSection({ operation }: { operation: ReferenceOperation }) {
  const title = `${operation.id}-title`
  return (
    <section id={operation.id} aria-labelledby={title} className="scroll-mt-6 border-t border-border pt-8">
      <h3 id={title} className="text-base font-semibold">
        {operation.summary}
      </h3>
      <p className="mt-2 flex flex-wrap items-center gap-2">
        <MethodBadge method={operation.method} />
        <code className="break-all font-mono text-sm">{operation.path}</code>
      </p>
      <Access operation={operation} />
      <MarkdownBlocks blocks={operation.description} />

      <h4 className="mt-6 font-semibold">Request</h4>
      {operation.parameters.length === 0 && !operation.requestBody ? <p className="mt-2 text-muted-foreground">No parameters and no body.</p> : null}
      {operation.parameters.length > 0 ? (
        <div className="mt-3">
          <Table label={`Parameters of ${operation.summary}`}>
            <thead>
              <tr>
                <Th>Parameter</Th>
                <Th>In</Th>
                <Th>Type</Th>
                <Th>Description</Th>
              </tr>
            </thead>
            <tbody>
              {operation.parameters.map((parameter) => (
                <tr key={`${parameter.in}:${parameter.name}`}>
                  <Td className="whitespace-nowrap font-mono text-xs">
                    {parameter.name}
                    {parameter.required ? <span className="ml-1 font-sans text-muted-foreground">(required)</span> : null}
                  </Td>
                  <Td>{parameter.in}</Td>
                  <Td className="font-mono text-xs">{parameter.type}</Td>
                  <Td>
                    <InlineText content={parameter.description} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      {operation.requestBody ? (
        <div className="mt-4 space-y-3">
          <p>
            <InlineText content={operation.requestBody.description} />
          </p>
          {operation.requestBody.media.map((media) => (
            <div key={media.type} className="space-y-2">
              <h5 className="font-medium">
                Body as <code className="font-mono text-xs">{media.type}</code>
              </h5>
              <Fields rows={media.fields} label={`Fields of the ${media.type} body of ${operation.summary}`} />
              {media.example ? <CodeBlock code={media.example} label={`Example ${media.type} body of ${operation.summary}`} /> : null}
            </div>
          ))}
        </div>
      ) : null}

      <h4 className="mt-6 font-semibold">Example</h4>
      <div className="mt-2">
        <CodeBlock code={operation.curl} label={`curl command for ${operation.summary}`} />
      </div>

      <h4 className="mt-6 font-semibold">Responses</h4>
      {operation.responses.map((response) => (
        <div key={response.status} className="mt-3 space-y-2">
          <h5 className="font-medium">
            <span className="font-mono">{response.status}</span> <InlineText content={response.description} />
          </h5>
          {response.headers.length > 0 ? (
            <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
              {response.headers.map((header) => (
                <li key={header.name}>
                  <code className="font-mono text-xs text-foreground">{header.name}</code>
                  {header.required ? '' : ' (sometimes)'}: <InlineText content={header.description} />
                </li>
              ))}
            </ul>
          ) : null}
          <Fields rows={response.fields} label={`Fields of the ${response.status} answer of ${operation.summary}`} />
          {response.example ? <CodeBlock code={response.example} label={`Example ${response.status} answer of ${operation.summary}`} /> : null}
        </div>
      ))}

      <h4 className="mt-6 font-semibold">Errors</h4>
      <p className="mt-2 text-muted-foreground">In the error shape of the guide; branch on the code.</p>
      <div className="mt-3">
        <Table label={`Errors of ${operation.summary}`}>
          <thead>
            <tr>
              <Th>Status</Th>
              <Th>Code</Th>
              <Th>When</Th>
            </tr>
          </thead>
          <tbody>
            {operation.errors.map((error) => (
              <tr key={`${error.status}:${error.code}`}>
                <Td className="font-mono text-xs">{error.status}</Td>
                <Td className="font-mono text-xs">{error.code}</Td>
                <Td>
                  <InlineText content={error.when} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </section>
  )
}
