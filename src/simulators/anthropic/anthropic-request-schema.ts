import { z } from 'zod';

const textPartSchema = z.looseObject({ type: z.string(), text: z.string().nullish() });

/** A content block as far as the simulator reads it (unknown block types pass). */
export const anthropicContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
  tool_use_id: z.string().nullish(),
  content: z.union([z.string(), z.array(textPartSchema)]).nullish(),
});

/** A message; `system` is accepted because Claude Code sends system messages inside `messages`. */
export const anthropicMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(anthropicContentBlockSchema)]),
});

const countTokensShape = {
  model: z.string(),
  messages: z.array(anthropicMessageSchema),
  system: z.union([z.string(), z.array(textPartSchema)]).nullish(),
  tools: z.array(z.unknown()).nullish(),
};

/** Body of `POST /v1/messages/count_tokens`. */
export const anthropicCountTokensRequestSchema = z.looseObject(countTokensShape);

/** Body of `POST /v1/messages`. */
export const anthropicMessagesRequestSchema = z.looseObject({
  ...countTokensShape,
  max_tokens: z.number().int(),
  stream: z.boolean().nullish(),
});

export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequestSchema>;
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;
