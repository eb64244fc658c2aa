import { z } from 'zod';

/** Responses API `usage`, as far as Lifeline reads it. */
export const responsesUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens: z.number().nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});

/** One output item: what Lifeline derives canonical parts from; the rest is passed through. */
export const responsesOutputItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().nullish(), refusal: z.string().nullish() })).nullish(),
  summary: z.array(z.looseObject({ text: z.string().nullish() })).nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  input: z.string().nullish(),
});

/** A `response` object. */
export const responsesResponseSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response').nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  created_at: z.number().nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  output: z.array(responsesOutputItemSchema),
  usage: responsesUsageSchema.nullish(),
});

/** A stream event: `type` plus whichever of these its type carries. */
export const responsesStreamEventSchema = z.looseObject({
  type: z.string(),
  response: z
    .looseObject({
      id: z.string().nullish(),
      model: z.string().nullish(),
      status: z.string().nullish(),
      incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
      error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
      usage: responsesUsageSchema.nullish(),
    })
    .nullish(),
  item: responsesOutputItemSchema.nullish(),
  output_index: z.number().nullish(),
  delta: z.string().nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
});

export type ResponsesUsage = z.infer<typeof responsesUsageSchema>;
export type ResponsesOutputItem = z.infer<typeof responsesOutputItemSchema>;
