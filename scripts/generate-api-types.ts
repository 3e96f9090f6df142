/**
 * `npm run api:types`: writes app/api/client/schema.d.ts, the typed paths
 * of the API for openapi-fetch (app/api/client/index.ts), from the OpenAPI
 * document. Run it after changing an operation; a test fails until you do.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { API_TYPES_FILE, generateApiTypes } from './lib/api-types.ts'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
await writeFile(path.join(root, API_TYPES_FILE), await generateApiTypes())
console.log(`wrote ${API_TYPES_FILE}`)
