import { z } from 'zod';

const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).optional(),
  fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  functionCall: z.looseObject({ name: z.string(), args: z.record(z.string(), z.unknown()).optional(), id: z.string().optional() }).optional(),
  functionResponse: z.looseObject({ name: z.string(), response: z.record(z.string(), z.unknown()).optional(), id: z.string().optional() }).optional(),
});

/** The parts of a `generateContent` body the simulator checks, as strict as the API where it matters. */
export const geminiRequestSchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.enum(['user', 'model']).optional(), parts: z.array(partSchema).min(1) })).min(1),
  systemInstruction: z.looseObject({ role: z.string().optional(), parts: z.array(partSchema) }).optional(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(z.looseObject({ name: z.string() })).optional() })).optional(),
  toolConfig: z.looseObject({}).optional(),
  generationConfig: z
    .looseObject({
      maxOutputTokens: z.number().int().positive().optional(),
      temperature: z.number().min(0).max(2).optional(),
      thinkingConfig: z.looseObject({ includeThoughts: z.boolean().optional(), thinkingBudget: z.number().optional() }).optional(),
    })
    .optional(),
  safetySettings: z.array(z.unknown()).optional(),
});
export type GeminiRequestBody = z.infer<typeof geminiRequestSchema>;

/** `countTokens` takes `contents`, or a whole request under `generateContentRequest`. */
export const geminiCountTokensRequestSchema = z.union([
  z.looseObject({ generateContentRequest: geminiRequestSchema }),
  z.looseObject({ contents: geminiRequestSchema.shape.contents }),
]);
