import type { Scenario } from '../scenario'
import { goHighLevelScenarios } from './gohighlevel'
import { importScenarios } from './imports'
import { meScenarios } from './me'
import { templateScenarios } from './templates'
import { uploadScenarios } from './uploads'

/** Every contract scenario; add your group's file here (tests/contract/README.md). */
export const scenarios: Scenario[] = [...meScenarios, ...uploadScenarios, ...importScenarios, ...templateScenarios, ...goHighLevelScenarios]
