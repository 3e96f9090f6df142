import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'

export type S3Server = {
  /** The S3_* variables that point the app at this server. */
  env: Record<'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE', string>
  stop: () => Promise<void>
}

type Koa = S3rver['middleware'][number]
type Context = Parameters<Koa>[0]

function noSuchUpload(ctx: Context) {
  ctx.status = 404
  ctx.body = { Error: { Code: 'NoSuchUpload', Message: 'The specified upload does not exist.' } }
}

/**
 * The two multipart calls s3rver 3.7.1 does not implement and @tus/s3-store
 * needs (it answers 405 MethodNotAllowed to both): ListParts (how much of an
 * upload S3 holds) and AbortMultipartUpload. They read and remove the parts
 * s3rver itself stored (`<bucket>/.../uploads/<uploadId>/<partNumber>` with
 * its `.md5`), with S3's XML answers; every other call is s3rver's own.
 */
const multipartGaps: Koa = async (ctx, next) => {
  const uploadId = ctx.query.uploadId
  const [, bucket, ...keyParts] = ctx.path.split('/')
  if (!uploadId || !bucket || keyParts.length === 0 || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next()
  const dir = path.join(ctx.store.getResourcePath(bucket, undefined, 'uploads'), uploadId)
  const key = await readFile(path.join(dir, 'key'), 'utf8').catch(() => null)
  if (key === null) return noSuchUpload(ctx)
  if (ctx.method === 'DELETE') {
    await rm(dir, { recursive: true, force: true })
    ctx.status = 204
    ctx.body = null
    return
  }
  const numbers = (await readdir(dir)).filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b)
  const Part = await Promise.all(
    numbers.map(async (PartNumber) => {
      const file = path.join(dir, String(PartNumber))
      const [info, md5] = await Promise.all([stat(file), readFile(`${file}.md5`, 'utf8')])
      return { PartNumber, ETag: `"${md5}"`, Size: info.size, LastModified: info.mtime.toISOString() }
    }),
  )
  ctx.body = {
    ListPartsResult: { Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: 0, MaxParts: 10000, IsTruncated: false, ...(Part.length ? { Part } : {}) },
  }
}

/**
 * A real S3 implementation (s3rver, from npm) on a free loopback port, with
 * one bucket, its objects in a temporary folder, plus the two multipart
 * calls it lacks (above). The app's own AWS SDK client and @tus/s3-store
 * talk to it exactly as they would to S3.
 */
export async function startS3Server(bucket = 'esd-uploads'): Promise<S3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'esd-s3rver-'))
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] })
  // Just before s3rver's router, after its XML encoder and its store.
  server.middleware.splice(server.middleware.length - 1, 0, multipartGaps)
  const { port } = await server.run()
  return {
    env: {
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      // s3rver's fixed development credentials.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async stop() {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}
