import { describe, expect, it } from 'vitest'
import { ALLOWED_METHODS as collectionMethods, loader as collectionLoader, action as collectionAction } from '~/routes/api.v1.uploads'
import { ALLOWED_METHODS as uploadMethods } from '~/routes/api.v1.uploads.$id'
import { createApiKeyFor } from '../../../tests/support/factories'
import { uploadsOpenApi } from './uploads-openapi'

const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const

function documentedMethods(path: keyof typeof uploadsOpenApi) {
  const item = uploadsOpenApi[path] as Record<string, unknown>
  return HTTP_METHODS.filter((method) => method in item).map((method) => method.toUpperCase()).sort()
}

describe('the tus endpoints in the OpenAPI declaration', () => {
  it('documents exactly the methods each route answers', () => {
    expect(documentedMethods('/api/v1/uploads')).toEqual([...collectionMethods].sort())
    expect(documentedMethods('/api/v1/uploads/{id}')).toEqual([...uploadMethods].sort())
  })

  it('names Tus-Resumable on every tus operation, and the 4 MB chunk limit on PATCH', () => {
    const operations = [uploadsOpenApi['/api/v1/uploads'].post, uploadsOpenApi['/api/v1/uploads/{id}'].head, uploadsOpenApi['/api/v1/uploads/{id}'].patch, uploadsOpenApi['/api/v1/uploads/{id}'].delete]
    for (const operation of operations) expect(operation.parameters.map((p) => p.name)).toContain('Tus-Resumable')
    const patch = uploadsOpenApi['/api/v1/uploads/{id}'].patch
    expect(patch.parameters.find((p) => p.name === 'Content-Length')?.schema).toMatchObject({ maximum: 4 * 1024 * 1024 })
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['204', '409', '411', '413']))
  })

  it('answers 405 naming the documented methods for any other', async () => {
    const request = new Request('http://localhost/api/v1/uploads', { method: 'GET' })
    const response = (await collectionLoader({ request, params: {}, context: {} })) as Response
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(documentedMethods('/api/v1/uploads'))
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const put = (await collectionAction({
      request: new Request('http://localhost/api/v1/uploads', { method: 'PUT', body: '', headers: { authorization: `Bearer ${key}` } }),
      params: {},
      context: {},
    })) as Response
    expect(put.status).toBe(405)
  })
})
