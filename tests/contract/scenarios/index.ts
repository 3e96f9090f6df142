import type { Scenario } from '../scenario'
import { meScenarios } from './me'
import { templateScenarios } from './templates'

/** Every contract scenario; add your group's file here (tests/contract/README.md). */
export const scenarios: Scenario[] = [...meScenarios, ...templateScenarios]
