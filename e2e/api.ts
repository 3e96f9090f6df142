import type { APIRequestContext, APIResponse, Page } from '@playwright/test'
import { ApiContract, type OpenApiLike } from '../tests/support/api-contract'

/**
 * The API as an external system calls it, through Playwright's request
 * context against the server under test. Every answer is checked against the
 * OpenAPI document that server serves (/api/v1/openapi.json), like the
 * integration tests' clients (tests/support/api-client.ts) do.
 */

export type E2eApiCall = {
  method?: string
  path: string
  key?: string
  headers?: Record<string, string>
  json?: unknown
}

export type E2eApiAnswer<T> = { status: number; headers: Headers; text: string; body: T; response: APIResponse }

let contract: Promise<ApiContract> | undefined

function headersOf(response: APIResponse): Headers {
  const headers = new Headers()
  for (const { name, value } of response.headersArray()) headers.append(name, value)
  return headers
}

async function loadContract(request: APIRequestContext): Promise<ApiContract> {
  const response = await request.get('/api/v1/openapi.json')
  const text = await response.text()
  if (response.status() !== 200) throw new Error(`/api/v1/openapi.json answered ${response.status()}: ${text}`)
  const spec = new ApiContract(JSON.parse(text) as OpenApiLike)
  spec.assert({ method: 'GET', path: '/api/v1/openapi.json', status: response.status(), headers: headersOf(response), body: text })
  return spec
}

export async function callApi<T = unknown>(request: APIRequestContext, call: E2eApiCall): Promise<E2eApiAnswer<T>> {
  contract ??= loadContract(request)
  const method = (call.method ?? 'GET').toUpperCase()
  const headers: Record<string, string> = { ...call.headers }
  if (call.key) headers.authorization = `Bearer ${call.key}`
  const response = await request.fetch(call.path, {
    method,
    headers,
    ...(call.json !== undefined ? { data: call.json } : {}),
    maxRedirects: 0,
  })
  const text = method === 'HEAD' ? '' : await response.text()
  const answerHeaders = headersOf(response)
  ;(await contract).assert({ method, path: call.path, status: response.status(), headers: answerHeaders, body: text })
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return { status: response.status(), headers: answerHeaders, text, body: body as T, response }
}

/**
 * Checks every `/api/v1` answer the page's own requests get (the browser
 * uploader's tus calls, say) against the OpenAPI document, as `callApi` does
 * for the test's own calls. Register it before a test's own `page.route`
 * handlers; they hand a request on to it with `route.fallback()`. Returns
 * the problems found, one line per answer that strays (expect it empty).
 */
export async function checkPageApiAnswers(page: Page, request: APIRequestContext): Promise<string[]> {
  const problems: string[] = []
  contract ??= loadContract(request)
  const spec = await contract
  await page.route('**/api/v1/**', async (route) => {
    const sent = route.request()
    const method = sent.method().toUpperCase()
    let response: APIResponse
    try {
      response = await route.fetch()
    } catch {
      // The page gave up on the request (a reload, an abort): there is no answer to check.
      return route.abort().catch(() => {})
    }
    const text = method === 'HEAD' ? '' : await response.text()
    const path = new URL(sent.url()).pathname
    const found = spec.problems({ method, path, status: response.status(), headers: headersOf(response), body: text })
    if (found.length > 0) problems.push(`${method} ${path} → ${response.status()}: ${found.join('; ')}`)
    await route.fulfill({ response }).catch(() => {})
  })
  return problems
}
