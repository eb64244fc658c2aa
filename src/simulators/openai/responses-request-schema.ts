import { z } from 'zod';

/** One input item as far as the simulator reads it (type omitted = a message). */
export const responsesInputItemSchema = z.looseObject({
  type: z.string().nullish(),
  id: z.string().nullish(),
  encrypted_content: z.string().nullish(),
  role: z.string().nullish(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().nullish() }))]).nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  input: z.string().nullish(),
  output: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().nullish() }))]).nullish(),
});

/** Body of `POST /v1/responses`. */
export const responsesRequestSchema = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(responsesInputItemSchema)]),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  tools: z.array(z.unknown()).nullish(),
  include: z.array(z.string()).nullish(),
  previous_response_id: z.string().nullish(),
  store: z.boolean().nullish(),
});

export type ResponsesInputItem = z.infer<typeof responsesInputItemSchema>;
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
