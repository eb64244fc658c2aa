/** Plausible token estimate for `characterCount` characters (≈ 4 characters a token, at least 1). */
export function estimateTokens(characterCount: number): number {
  return Math.max(1, Math.ceil(characterCount / 4));
}
