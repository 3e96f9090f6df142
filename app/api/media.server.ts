import { z } from 'zod'
import 'zod-openapi'
import { formatBytes, MEDIA_CONTENT_TYPES, MEDIA_MAX_BYTES } from '~/modules/media/media-types'
import { defineOperation } from '~/utils/api/operation.server'
import { apiFile } from '~/utils/api/uploaded-file.server'

/**
 * The media endpoint: images for MMS templates, kept in the upload store and
 * served to the carrier at a public, unguessable URL. The modules are in
 * app/modules/media (docs/decisions/048).
 */

export const mediaId = z.uuid().meta({ description: 'The media id.', example: '5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8b0d2f' })

export const MediaSchema = z
  .object({
    id: mediaId,
    contentType: z.enum(MEDIA_CONTENT_TYPES).meta({ description: 'What the file’s first bytes say it is (its name and the part’s `Content-Type` are not trusted).' }),
    byteSize: z.int().min(1).max(MEDIA_MAX_BYTES),
    sha256: z.string().meta({ description: 'SHA-256 of the bytes, hex.' }),
    filename: z.string().nullable().meta({ description: 'The name it was uploaded under.' }),
    url: z.url().meta({
      description: 'Where the carrier fetches it: public, unguessable (it holds a secret token), never listed. Anyone with the URL can see the image, as anyone who receives the message can.',
    }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Media' })

export const mediaExample = {
  id: '5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8b0d2f',
  contentType: 'image/jpeg',
  byteSize: 184_321,
  sha256: '9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a',
  filename: 'open-house.jpg',
  url: 'https://app.esd.quest/media/5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8b0d2f/q1v8mZ3kYp0dX7wN2sR5tU9bC4fH6jL1aE8gK0oI3nM',
  createdAt: '2026-11-30T12:00:00.000Z',
} as const

const answer = z.object({ media: MediaSchema })
const location = { Location: { description: 'The media: `/api/v1/media/{id}`.', schema: z.string(), required: true } }

export const createMedia = defineOperation({
  operationId: 'createMedia',
  method: 'POST',
  path: '/api/v1/media',
  summary: 'Upload an MMS image',
  description: [
    `An image for MMS templates, as a \`multipart/form-data\` body with a \`file\` part: JPEG, PNG or GIF, at most ${formatBytes(MEDIA_MAX_BYTES)} (${MEDIA_MAX_BYTES.toLocaleString('en-US')} bytes, Twilio's limit per message).`,
    'Its type is read from its first bytes; a file that is none of the three is refused whatever its name. Pass the answered `id` as `mediaId` to `createTemplate` or `updateTemplate`: each message of that template is then sent as an MMS with the image, fetched by the carrier from `url`.',
    '',
    'The same bytes uploaded again answer the image already stored (200 instead of 201).',
  ].join('\n'),
  tag: 'Templates',
  auth: { scope: 'campaigns:write' },
  idempotency: 'optional',
  body: {
    multipart: {
      schema: z.object({ file: apiFile({ description: 'The image: JPEG, PNG or GIF.' }) }).strict(),
      maxFileBytes: MEDIA_MAX_BYTES,
      description: 'A `file` part with the image.',
    },
  },
  responses: {
    201: { description: 'Stored.', body: answer, example: { media: mediaExample }, headers: location },
    200: { description: 'The organization had these bytes already: the image stored then.', body: answer, example: { media: mediaExample }, headers: location },
  },
  errors: { 422: { unsupported_image: 'the file is empty, or its content is not a JPEG, PNG or GIF image (`details.accepted`)' } },
})

export const getMedia = defineOperation({
  operationId: 'getMedia',
  method: 'GET',
  path: '/api/v1/media/{id}',
  summary: 'An MMS image',
  description: 'Its type, size, hash and public URL.',
  tag: 'Templates',
  auth: { scope: 'campaigns:read' },
  params: z.object({ id: mediaId }),
  responses: { 200: { description: 'The media.', body: answer, example: { media: mediaExample } } },
  errors: { 404: { media_not_found: 'no such media in the organization (another organization’s answers the same)' } },
})
