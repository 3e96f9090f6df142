import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/** Only the owner's own passkeys: anyone else's id is "not found". */
export async function renamePasskey(options: { userId: string; actor: Actor; passkeyId: string; name: string }) {
  return withAudit({ actor: options.actor, action: 'passkey.renamed', target: { type: 'passkey', id: options.passkeyId } }, async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: options.passkeyId, userId: options.userId } })
    if (!passkey) throw new AppError('passkey_not_found', 'No such passkey.', 404)
    await tx.passkey.update({ where: { id: passkey.id }, data: { name: options.name } })
    return { result: null, summary: { before: { name: passkey.name }, after: { name: options.name } } }
  })
}
