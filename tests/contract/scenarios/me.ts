import { defineScenario } from '../scenario'

export const meScenarios = [
  defineScenario({
    operationId: 'getMe',
    success: (client) => client.GET('/api/v1/me'),
    error: { status: 401, code: 'missing_api_key', call: (_client, _state, ctx) => ctx.anonymous.GET('/api/v1/me') },
  }),
  defineScenario({
    operationId: 'getOpenApiDocument',
    success: (_client, _state, ctx) => ctx.anonymous.GET('/api/v1/openapi.json'),
    error: { exempt: 'public, takes no parameters, query or body: nothing a caller sends can make it fail (a wrong method is the router’s 405)' },
  }),
]
