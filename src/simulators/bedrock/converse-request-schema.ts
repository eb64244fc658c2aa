import { z } from 'zod';

/**
 * A Converse content block: an object with exactly one member (a union in the API). Checked
 * enough to refuse what Bedrock refuses (a blank text, a tool call without its id); inner
 * shapes beyond that pass through.
 */
const blockSchema = z
  .strictObject({
    text: z.string().optional(),
    image: z.looseObject({ format: z.enum(['png', 'jpeg', 'gif', 'webp']), source: z.looseObject({ bytes: z.string().optional(), s3Location: z.looseObject({ uri: z.string() }).optional() }) }).optional(),
    document: z.looseObject({ format: z.string(), name: z.string().min(1), source: z.looseObject({}) }).optional(),
    video: z.looseObject({}).optional(),
    toolUse: z.looseObject({ toolUseId: z.string().min(1).max(64), name: z.string().min(1).max(64), input: z.unknown() }).optional(),
    toolResult: z
      .looseObject({
        toolUseId: z.string().min(1).max(64),
        content: z.array(z.looseObject({ text: z.string().optional(), json: z.unknown().optional(), image: z.unknown().optional(), document: z.unknown().optional() })),
        status: z.enum(['success', 'error']).optional(),
      })
      .optional(),
    reasoningContent: z.looseObject({ reasoningText: z.looseObject({ text: z.string(), signature: z.string().optional() }).optional(), redactedContent: z.string().optional() }).optional(),
    cachePoint: z.looseObject({ type: z.literal('default') }).optional(),
    guardContent: z.looseObject({}).optional(),
    citationsContent: z.looseObject({}).optional(),
  })
  .refine((block) => Object.keys(block).length === 1, { message: 'Each content block must have exactly one member set.' });
export type ConverseBlock = z.infer<typeof blockSchema>;

const systemBlockSchema = z
  .strictObject({ text: z.string().optional(), guardContent: z.looseObject({}).optional(), cachePoint: z.looseObject({ type: z.literal('default') }).optional() })
  .refine((block) => Object.keys(block).length === 1, { message: 'Each system block must have exactly one member set.' });

const toolSchema = z
  .strictObject({
    toolSpec: z.looseObject({ name: z.string().min(1).max(64), description: z.string().optional(), inputSchema: z.strictObject({ json: z.unknown() }) }).optional(),
    cachePoint: z.looseObject({ type: z.literal('default') }).optional(),
    systemTool: z.looseObject({}).optional(),
  })
  .refine((tool) => Object.keys(tool).length === 1, { message: 'Each tool must have exactly one member set.' });

/** The body of Converse and ConverseStream (the model is in the path). */
export const converseRequestSchema = z.strictObject({
  messages: z.array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.array(blockSchema) })).optional(),
  system: z.array(systemBlockSchema).optional(),
  inferenceConfig: z
    .strictObject({
      maxTokens: z.number().int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      stopSequences: z.array(z.string()).max(4).optional(),
    })
    .optional(),
  toolConfig: z.strictObject({ tools: z.array(toolSchema).min(1), toolChoice: z.looseObject({}).optional() }).optional(),
  additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
  additionalModelResponseFieldPaths: z.array(z.string()).optional(),
  guardrailConfig: z.looseObject({}).optional(),
  promptVariables: z.looseObject({}).optional(),
  requestMetadata: z.record(z.string(), z.string()).optional(),
  performanceConfig: z.looseObject({}).optional(),
  serviceTier: z.looseObject({}).optional(),
  outputConfig: z.looseObject({}).optional(),
});
export type ConverseRequestBody = z.infer<typeof converseRequestSchema>;
