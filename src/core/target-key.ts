/**
 * The one name of a target (provider + model) that state about it is kept under: its breaker,
 * latency and last failure in the pipeline, and its component on the health side, so a verdict
 * and a breaker about the same target always agree on which target they mean.
 */
export const targetKey = (provider: string, model: string): string => `target:${provider}/${model}`;
