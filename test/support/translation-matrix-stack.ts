import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ScriptRule } from '../../src/simulators/index.js';
import { startStack, type Stack } from './start-stack.js';

/**
 * The four lanes of the translation matrix: each client format to a simulator of its own format
 * (passthrough) and of the other (translated).
 */
export const MATRIX_ROUTES = {
  'claude-alias': ['asim/claude-sonnet-4-6'],
  'claude-via-openai': ['osim/gpt-5'],
  'gpt-alias': ['osim/gpt-5-mini'],
  'gpt-via-anthropic': ['asim/claude-sonnet-4-5'],
};

/**
 * Starts an Anthropic (`asim`) and an OpenAI (`osim`) simulator behind Lifeline for the test file,
 * with the matrix routes; recorded requests are cleared before each test. Read the stack through
 * the returned getter (it exists once `beforeAll` ran).
 */
export function useTranslationMatrixStack(scripts: { anthropic?: ScriptRule[]; openai?: ScriptRule[] } = {}): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({
      providers: [
        { name: 'asim', simulator: { format: 'anthropic', ...(scripts.anthropic ? { script: scripts.anthropic } : {}) } },
        { name: 'osim', simulator: { format: 'openai', ...(scripts.openai ? { script: scripts.openai } : {}) } },
      ],
      routes: MATRIX_ROUTES,
    });
  });
  afterAll(async () => stack?.close());
  beforeEach(() => {
    for (const sim of Object.values(stack!.sims)) sim.control.clearRequests();
  });
  return () => stack!;
}
