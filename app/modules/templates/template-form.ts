import { z } from 'zod'
import { templateInput } from './template-input'

/** The template form as the browser posts it: the kind comes as the radio's value. */
export const templateForm = z.object({
  ...templateInput.shape,
  firstContact: z.enum(['true', 'false'], { message: 'Choose the kind.' }).transform((value) => value === 'true'),
})
