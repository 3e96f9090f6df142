import { countVariants, renderVariant, type MergeValues } from '~/modules/templates/template-syntax'

/**
 * Which template and variant the lead at `position` (1-based) of a
 * campaign's snapshot gets: the templates in turn, and within each template
 * its variants in turn, so every variant goes to an even share.
 */
export function campaignMessage(templates: readonly { id: string; body: string }[], position: number, values: MergeValues) {
  const index = (position - 1) % templates.length
  const template = templates[index]!
  const round = Math.floor((position - 1) / templates.length)
  const variant = round % countVariants(template.body)
  const rendered = renderVariant(template.body, values, variant)
  return { templateId: template.id, variant, text: rendered.text, missing: rendered.missing }
}
