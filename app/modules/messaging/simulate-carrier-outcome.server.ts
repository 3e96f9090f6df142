import { createHash } from 'node:crypto'
import { receiveInboundMessage } from './receive-inbound-message.server'
import { recordMessageStatus } from './record-message-status.server'
import { simulatedOutcome } from './simulated-outcome'

/**
 * What the simulated carrier reports for one message it took: `sent`, then
 * delivered or undelivered, then the recipient's reply if its number replies
 * (simulated-outcome.ts). Service messages (confirmations, HELP answers) get
 * no reply. Safe to repeat: statuses and the reply's id are fixed by the sid.
 */
export async function simulateCarrierOutcome(message: { sid: string; from: string; to: string; service?: boolean }) {
  await recordMessageStatus({ carrierSid: message.sid, status: 'sent', payload: { simulated: true } })
  const outcome = simulatedOutcome(message.to)
  if (outcome.kind === 'undelivered') {
    await recordMessageStatus({ carrierSid: message.sid, status: 'undelivered', errorCode: outcome.errorCode, payload: { simulated: true } })
    return { replied: false }
  }
  await recordMessageStatus({ carrierSid: message.sid, status: 'delivered', payload: { simulated: true } })
  if (outcome.kind !== 'delivered_then_reply' || message.service) return { replied: false }
  const replySid = `SM${createHash('sha256').update(`${message.sid}:reply`).digest('hex').slice(0, 32)}`
  await receiveInboundMessage({ carrierSid: replySid, from: message.to, to: message.from, body: outcome.reply, payload: { simulated: true } })
  return { replied: true }
}
