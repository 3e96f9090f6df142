import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { apiServerUrl, openApiDocument } from '~/api/document.server'
import { InlineText, MarkdownBlocks } from '~/components/api-docs/markdown'
import { MethodBadge, OperationSection } from '~/components/api-docs/operation-section'
import { apiReference } from '~/utils/api/reference.server'

export const meta: MetaFunction = () => [
  { title: 'API reference · esd.quest' },
  { name: 'description', content: 'The esd.quest REST API: authentication, scopes, errors, idempotency, pagination and every operation.' },
]

/** The API reference, rendered on the server from the OpenAPI document (docs/decisions/021). Public, like the document. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { reference: apiReference(openApiDocument(apiServerUrl(request))) }
}

export default function ApiDocs() {
  const { reference } = useLoaderData<typeof loader>()
  const guideSections = reference.guide.filter((block) => block.type === 'heading' && block.depth === 2)
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
      <nav aria-label="On this page" className="mb-8 text-sm lg:sticky lg:top-6 lg:mb-0 lg:max-h-[calc(100vh-3rem)] lg:self-start lg:overflow-y-auto">
        <a href="#top" className="font-semibold">
          {reference.title}
        </a>
        <p className="mt-4 text-xs font-medium uppercase tracking-wide text-muted-foreground">Guide</p>
        <ul className="mt-2 space-y-1">
          {guideSections.map((block) =>
            block.type === 'heading' ? (
              <li key={block.id}>
                <a href={`#${block.id}`} className="text-muted-foreground hover:text-foreground">
                  {block.children.map((child) => ('text' in child ? child.text : '')).join('')}
                </a>
              </li>
            ) : null,
          )}
        </ul>
        {reference.groups.map((group) => (
          <div key={group.name}>
            <p className="mt-4 text-xs font-medium uppercase tracking-wide text-muted-foreground">{group.name}</p>
            <ul className="mt-2 space-y-1">
              {group.operations.map((operation) => (
                <li key={operation.id}>
                  <a href={`#${operation.id}`} className="flex items-start gap-2 text-muted-foreground hover:text-foreground">
                    <MethodBadge method={operation.method} />
                    <span>{operation.summary}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>

      <main id="top" className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{reference.title} reference</h1>
        <p className="mt-2 text-muted-foreground">
          Version {reference.version} · base URL <code className="font-mono text-foreground">{reference.serverUrl}</code> ·{' '}
          <a href="/api/v1/openapi.json" className="font-medium text-primary underline underline-offset-2">
            OpenAPI document
          </a>
        </p>
        <MarkdownBlocks blocks={reference.guide} />
        {reference.groups.map((group) => (
          <section key={group.name} aria-labelledby={`group-${group.name}`} className="mt-12">
            <h2 id={`group-${group.name}`} className="text-lg font-semibold tracking-tight">
              {group.name}
            </h2>
            <p className="mb-6 mt-1 text-muted-foreground">
              <InlineText content={group.description} />
            </p>
            <div className="space-y-10">
              {group.operations.map((operation) => (
                <OperationSection key={operation.id} operation={operation} />
              ))}
            </div>
          </section>
        ))}
      </main>
    </div>
  )
}
