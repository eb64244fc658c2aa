const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12h`, `90m`, `2w` → milliseconds; throws with the accepted forms for anything else. */
export function parseDurationMs(text: string): number {
  const match = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!match) throw new Error(`expected a duration such as 30d, 12h, 90m or 2w: ${JSON.stringify(text)}`);
  const amount = Number(match[1]);
  if (amount <= 0) throw new Error(`a duration must be positive: ${JSON.stringify(text)}`);
  return amount * UNIT_MS[match[2]!]!;
}

/** The UTC day of an epoch ms, `YYYY-MM-DD`: usage and token budgets are counted per UTC day. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Milliseconds from `epochMs` to the next UTC midnight (when a day's token budget starts over). */
export function msUntilNextUtcDay(epochMs: number): number {
  const day = 86_400_000;
  return day - (epochMs % day);
}
