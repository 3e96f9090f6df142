import { isAppError } from '~/utils/app-error'
import { getSend } from './get-send.server'
import { getInboundMessage, type MessageView } from './list-messages.server'

/**
 * One message of the organization, sent or received, by the id the
 * messages list, a send or a thread gave out. Another organization's id, or
 * none, is the same 404 (`send_not_found`).
 */
export async function getMessage(options: { organizationId: string; id: string }): Promise<MessageView> {
  try {
    const send = await getSend(options)
    return { ...send, direction: 'outbound', replyClass: null }
  } catch (error) {
    if (!isAppError(error) || error.status !== 404) throw error
    const inbound = await getInboundMessage(options)
    if (!inbound) throw error
    return inbound
  }
}
