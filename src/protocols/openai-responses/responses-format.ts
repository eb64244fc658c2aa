/**
 * The wire-format name of the OpenAI Responses API (`POST /v1/responses`): the key of its
 * `providerOptions`, the `format` of its raw parts and provider tools.
 */
export const RESPONSES_FORMAT = 'openai-responses' as const;
