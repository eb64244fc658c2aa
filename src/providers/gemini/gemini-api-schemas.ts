import { z } from 'zod';

/**
 * The parts of Gemini's `GenerateContentResponse` Lifeline reads (Gemini API v1beta and Vertex AI
 * `generateContent`, which share the shape). Minimal and `.nullish()`, as the API omits empty
 * fields; unknown fields pass through untouched in `raw` usage.
 */
export const geminiPartSchema = z.looseObject({
  text: z.string().nullish(),
  /** True for a thought summary (only with `thinkingConfig.includeThoughts`). */
  thought: z.boolean().nullish(),
  /** Opaque; must be sent back unchanged with the part it came on (Gemini 3 validates it on function calls). */
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({
      id: z.string().nullish(),
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  inlineData: z.looseObject({ mimeType: z.string().nullish(), data: z.string() }).nullish(),
});
export type GeminiPart = z.infer<typeof geminiPartSchema>;

export const geminiUsageSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
});
export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export const geminiCandidateSchema = z.looseObject({
  content: z.looseObject({ role: z.string().nullish(), parts: z.array(geminiPartSchema).nullish() }).nullish(),
  finishReason: z.string().nullish(),
  finishMessage: z.string().nullish(),
  index: z.number().nullish(),
  safetyRatings: z.array(z.unknown()).nullish(),
});

export const geminiResponseSchema = z.looseObject({
  candidates: z.array(geminiCandidateSchema).nullish(),
  /** Set when the prompt itself was blocked: then there are no candidates. */
  promptFeedback: z.looseObject({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});
export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

/** Google's error envelope (`google.rpc.Status` as JSON), used by the Gemini API and Vertex AI. */
export const googleErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string().nullish(),
    /** The canonical code name: INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAVAILABLE, ... */
    status: z.string().nullish(),
    details: z.array(z.looseObject({ '@type': z.string().nullish() })).nullish(),
  }),
});
export type GoogleErrorBody = z.infer<typeof googleErrorBodySchema>;

export const geminiCountTokensSchema = z.looseObject({ totalTokens: z.number() });
