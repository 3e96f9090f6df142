import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { FileUploader } from '~/components/ingest/file-uploader'
import { Card, PageHeader } from '~/components/ui/card'
import { requireUserWithPermission } from '~/utils/auth.server'
import { IMPORT_PERMISSION } from '~/utils/upload-auth.server'

export const meta: MetaFunction = () => [{ title: 'Upload a lead file · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, IMPORT_PERMISSION)
  return null
}

/** Uploads a lead file (resumable); the imports pages build on the same component. */
export default function UploadLeadFile() {
  return (
    <>
      <PageHeader title="Upload a lead file" description="Large files upload in 4 MB pieces and survive a reload or a dropped connection." />
      <Card className="max-w-2xl">
        <FileUploader />
      </Card>
    </>
  )
}
