import { describe, expect, it } from 'vitest'
import { coverageProblems, openApiPath } from './support/api-coverage'

describe('the comparison of served routes and the OpenAPI document', () => {
  const documented = new Map([
    ['/api/v1/me', ['GET']],
    ['/api/v1/imports', ['GET', 'POST']],
  ])

  it('finds nothing when they agree (HEAD comes with GET)', () => {
    const served = new Map([
      ['/api/v1/me', ['GET', 'HEAD']],
      ['/api/v1/imports', ['GET', 'HEAD', 'POST']],
    ])
    expect(coverageProblems(served, documented)).toEqual([])
  })

  it('names a route file, or a method of one, that the document lacks', () => {
    const served = new Map([
      ['/api/v1/me', ['GET', 'HEAD', 'DELETE']],
      ['/api/v1/imports', ['GET', 'HEAD', 'POST']],
      ['/api/v1/uploads/{id}', ['PATCH']],
    ])
    expect(coverageProblems(served, documented)).toEqual([
      'DELETE /api/v1/me is served but missing from the OpenAPI document',
      '/api/v1/uploads/{id} is served by a route but missing from the OpenAPI document',
    ])
  })

  it('names an operation of the document that no route serves', () => {
    const served = new Map([['/api/v1/imports', ['GET', 'HEAD']]])
    expect(coverageProblems(served, documented)).toEqual([
      'GET /api/v1/me is in the OpenAPI document but no route serves it',
      'POST /api/v1/imports is in the OpenAPI document but no route serves it',
    ])
  })

  it('turns Remix paths into OpenAPI paths', () => {
    expect(openApiPath('api/v1/imports/:id/rows/:rowNo')).toBe('/api/v1/imports/{id}/rows/{rowNo}')
    expect(openApiPath('api/v1/openapi.json')).toBe('/api/v1/openapi.json')
  })
})
