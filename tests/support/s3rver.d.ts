// s3rver ships no types; only what tests/support/s3-server.ts uses.
declare module 's3rver' {
  type Options = {
    port?: number
    address?: string
    silent?: boolean
    directory: string
    configureBuckets?: { name: string }[]
  }
  type Context = {
    method: string
    path: string
    query: Record<string, string | undefined>
    status: number
    body: unknown
    store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string }
  }
  type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>
  export default class S3rver {
    constructor(options: Options)
    /** Koa's middleware stack (S3rver is a Koa app); the router is last. */
    middleware: Middleware[]
    run(): Promise<{ address: string; port: number }>
    close(): Promise<void>
  }
}
