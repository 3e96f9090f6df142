import type { Scenario } from '../scenario'
import { campaignScenarios, crusadeScenarios } from './campaigns'
import { consentScenarios } from './consent'
import { leadFormScenarios } from './forms'
import { importScenarios } from './imports'
import { leadScenarios } from './leads'
import { meScenarios } from './me'
import { messageScenarios } from './messages'
import { templateScenarios } from './templates'
import { uploadScenarios } from './uploads'

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
  ...leadFormScenarios,
]
