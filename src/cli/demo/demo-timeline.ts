/** Timestamped lines on the terminal, relative to the start of the demo. */
export interface Timeline {
  /** Prints `[+12.3s] text`; further lines of `text` are indented under it. */
  line(text: string): void;
  /** Prints text as is (banners, summaries). */
  raw(text: string): void;
  /** Milliseconds since the demo started. */
  elapsedMs(): number;
}

/** Formats `elapsedMs` as `+12.3s`. */
export function formatElapsed(elapsedMs: number): string {
  return `+${(elapsedMs / 1000).toFixed(1)}s`;
}

/** A timeline writing through `write` (stdout in the CLI, a buffer in tests). */
export function createTimeline(write: (text: string) => void, now: () => number = () => performance.now()): Timeline {
  const startedAt = now();
  const elapsedMs = () => now() - startedAt;
  return {
    line(text) {
      const prefix = `[${formatElapsed(elapsedMs()).padStart(7)}] `;
      write(`${prefix}${text.split('\n').join(`\n${' '.repeat(prefix.length)}`)}\n`);
    },
    raw: (text) => write(`${text}\n`),
    elapsedMs,
  };
}
