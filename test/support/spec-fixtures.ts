import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Copies of the wire samples from shared/specs (composed for this project), kept in the repo so
 * the tests run wherever the repository is cloned.
 */
export const SPEC_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));

/** Absolute path of one sample, e.g. `specFixturePath('anthropic', 'stream-text.sse')`. */
export function specFixturePath(folder: 'anthropic' | 'openai' | 'statuspage' | 'claude-code', file: string): string {
  return `${SPEC_FIXTURES_DIR}${folder}/${file}`;
}

/** The text of one sample. */
export function readSpecFixture(folder: 'anthropic' | 'openai' | 'statuspage' | 'claude-code', file: string): string {
  return readFileSync(specFixturePath(folder, file), 'utf8');
}
