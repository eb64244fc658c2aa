/**
 * The wire formats Lifeline speaks, inbound (protocols/) and outbound (providers/). It lives beside
 * the canonical model because both sides translate through it and import it from here, so neither
 * points at the other.
 */
export type WireFormat = 'anthropic' | 'openai' | 'openai-responses';
