import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'

/** The organization's upload with this id; another organization's, or none, is the same 404. */
export async function findUpload({ organizationId, uploadId }: { organizationId: string; uploadId: string }) {
  const upload = await prisma.upload.findFirst({ where: { id: uploadId, organizationId } })
  if (!upload) throw new AppError('upload_not_found', 'There is no such upload in this organization.', 404)
  return upload
}
