import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { readPublicMedia } from '~/modules/media/read-public-media.server'
import { resourceRoute } from '~/utils/resource-route.server'

/**
 * An MMS image, for the carrier to fetch (docs/decisions/048): public — the
 * carrier signs nothing — but only at its unguessable URL. Anything else, a
 * wrong token included, is the same bare 404. The bytes never change under
 * a URL, so caches may keep them for good; `nosniff` and a sandboxing CSP
 * keep a browser from treating them as anything but the image they are.
 */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const media = await readPublicMedia({ id: params.id ?? '', token: params.token ?? '' })
  if (!media) {
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
  }
  const etag = `"${media.sha256}"`
  const headers = {
    'Content-Type': media.contentType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'cross-origin',
  }
  if (request.headers.get('If-None-Match')?.split(',').some((tag) => tag.trim() === etag)) return new Response(null, { status: 304, headers })
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'Content-Length': String(media.byteSize) } })
  const body = createReadableStreamFromReadable(await media.open())
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Length': String(media.byteSize) } })
})
