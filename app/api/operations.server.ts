import type { OperationSpec } from '~/utils/api/operation.server'
import {
  cancelCampaign,
  createCampaign,
  createCrusade,
  deleteCampaign,
  deleteCrusade,
  dryRunCampaign,
  getCampaign,
  getCrusade,
  launchCampaign,
  listCampaigns,
  listCrusades,
  pauseCampaign,
  previewCampaign,
  resumeCampaign,
  updateCampaign,
  updateCrusade,
} from './campaigns.server'
import { getConsentStanding, recordConsentEvent } from './consent.server'
import { pushLeadToGoHighLevel } from './gohighlevel.server'
import { createLeadForm, getLeadForm, listLeadFormSubmissions, listLeadForms, updateLeadForm } from './forms.server'
import { cancelImport, createImport, getImport, listImportErrors, listImports, pauseImport, resumeImport } from './imports.server'
import { deleteExternalRef, listExternalRefs, putExternalRef } from './external-refs.server'
import { createLead, getIdentity, getLeadByRef, updateLead, upsertLeadByRef } from './lead-writes.server'
import { deleteLeadFilter, dryRunLeads, getLead, listLeadFilters, saveLeadFilter, searchLeads } from './leads.server'
import { createMedia, getMedia } from './media.server'
import { getMe } from './me.server'
import { getMessage, listMessages, sendMessages } from './messages.server'
import { getConversation, listConversationMessages, listConversations, replyInConversation, updateConversation } from './conversations.server'
import { getNumber, listNumbers, updateNumber } from './numbers.server'
import { archiveTemplate, createTemplate, getTemplate, listTemplates, updateTemplate } from './templates.server'
import { getOpenApiDocument } from './openapi-document.server'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  rotateWebhookEndpointSecret,
  testWebhookEndpoint,
  updateWebhookEndpoint,
} from './webhooks.server'
import { cancelUpload, createUpload, getUpload, getUploadOffset, uploadCapabilities, uploadCapabilitiesForUpload, uploadChunk } from './uploads.server'

/**
 * Every operation of the public API: the one list the OpenAPI document is
 * generated from. A route under app/routes/api.v1.* serves each; the
 * coverage test (tests/integration/api-spec-coverage.integration.test.ts)
 * fails when a route or a method is missing here, or one listed here has no route.
 */
export const apiOperations: readonly OperationSpec[] = [
  getMe,
  getOpenApiDocument,
  createUpload,
  uploadCapabilities,
  getUpload,
  getUploadOffset,
  uploadChunk,
  cancelUpload,
  uploadCapabilitiesForUpload,
  createImport,
  listImports,
  getImport,
  listImportErrors,
  pauseImport,
  resumeImport,
  cancelImport,
  recordConsentEvent,
  getConsentStanding,
  searchLeads,
  getLead,
  dryRunLeads,
  listLeadFilters,
  saveLeadFilter,
  deleteLeadFilter,
  sendMessages,
  getMessage,
  createMedia,
  getMedia,
  listTemplates,
  createTemplate,
  getTemplate,
  updateTemplate,
  archiveTemplate,
  listCampaigns,
  createCampaign,
  getCampaign,
  updateCampaign,
  deleteCampaign,
  dryRunCampaign,
  previewCampaign,
  launchCampaign,
  pauseCampaign,
  resumeCampaign,
  cancelCampaign,
  listCrusades,
  createCrusade,
  getCrusade,
  updateCrusade,
  deleteCrusade,
  createLead,
  updateLead,
  upsertLeadByRef,
  getLeadByRef,
  getIdentity,
  listExternalRefs,
  putExternalRef,
  deleteExternalRef,
  listMessages,
  listConversations,
  getConversation,
  updateConversation,
  listConversationMessages,
  replyInConversation,
  listNumbers,
  getNumber,
  updateNumber,
  listWebhookEndpoints,
  createWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookEndpointSecret,
  testWebhookEndpoint,
  listWebhookDeliveries,
  replayWebhookDelivery,
  pushLeadToGoHighLevel,
  listLeadForms,
  createLeadForm,
  getLeadForm,
  updateLeadForm,
  listLeadFormSubmissions,
]
