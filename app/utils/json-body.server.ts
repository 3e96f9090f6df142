import type { z } from 'zod'
import { AppError } from './app-error'

/** Reads and validates a JSON request body; a bad body is a 400 with field errors, never a 500. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown
  try {
    body = await request.json()
  } catch {
    throw new AppError('invalid_json', 'The request body must be JSON.', 400)
  }
  const result = schema.safeParse(body)
  if (!result.success) {
    throw new AppError('invalid_body', 'The request body is not valid.', 400, {
      fields: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    })
  }
  return result.data
}
