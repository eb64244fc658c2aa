import { z } from 'zod';

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().nullish() });

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
});

/** A chat message as far as the simulator reads it. */
export const openaiMessageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(contentPartSchema)]).nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  tool_call_id: z.string().nullish(),
});

/** Body of `POST /v1/chat/completions`. */
export const openaiChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(openaiMessageSchema),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(z.unknown()).nullish(),
});

export type OpenaiMessage = z.infer<typeof openaiMessageSchema>;
export type OpenaiChatRequest = z.infer<typeof openaiChatRequestSchema>;
