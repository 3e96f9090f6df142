import type { Scenario } from '../scenario'
import { campaignScenarios, crusadeScenarios } from './campaigns'
import { consentScenarios } from './consent'
import { conversationScenarios } from './conversations'
import { goHighLevelScenarios } from './gohighlevel'
import { leadFormScenarios } from './forms'
import { importScenarios } from './imports'
import { leadWriteScenarios } from './lead-writes'
import { leadScenarios } from './leads'
import { meScenarios } from './me'
import { messageScenarios } from './messages'
import { templateScenarios } from './templates'
import { uploadScenarios } from './uploads'
import { webhookScenarios } from './webhooks'

/** Every contract scenario; add your group's file here (tests/contract/README.md). */
export const scenarios: Scenario[] = [
  ...meScenarios,
  ...uploadScenarios,
  ...importScenarios,
  ...consentScenarios,
  ...leadScenarios,
  ...messageScenarios,
  ...templateScenarios,
  ...campaignScenarios,
  ...crusadeScenarios,
  ...leadWriteScenarios,
  ...conversationScenarios,
  ...webhookScenarios,
  ...goHighLevelScenarios,
  ...leadFormScenarios,
]
