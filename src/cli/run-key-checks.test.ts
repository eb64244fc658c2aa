import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { startSimulator, type SimulatorHandle } from '../simulators/index.js';
import { describeKeyCheck } from './format-key-checks.js';
import { NO_KEY_LABEL, runKeyChecks } from './run-key-checks.js';

let simulator: SimulatorHandle;
beforeAll(async () => {
  simulator = await startSimulator({ format: 'openai' });
});
afterAll(async () => simulator?.close());

describe('runKeyChecks', () => {
  it('probes a keyless openai-compatible server once instead of skipping it (this one wants a key), and says when there is nothing to probe', async () => {
    const config = parseConfigText(
      `
providers:
  local: { type: openai-compatible, base_url: "${simulator.url}", models: [qwen3] }
  bare: { type: openai-compatible, base_url: "${simulator.url}" }
  keyed: { type: openai, base_url: "${simulator.url}", keys: [sk-keyed-check-test-1234] }
routes:
  "gpt-*": ["keyed/gpt-5"]
`,
      { env: {} },
    );
    const reports = await runKeyChecks(config);
    expect(reports.map((report) => [report.name, report.keyOptional, report.checks.map((check) => [check.label, check.outcome, check.model, check.sent])])).toEqual([
      // The simulator refuses requests without a key, as a hosted compatible server would.
      ['local', true, [[NO_KEY_LABEL, 'invalid', 'qwen3', true]]],
      ['bare', true, [[NO_KEY_LABEL, 'no_target', undefined, false]]],
      ['keyed', false, [['key-1 …1234', 'valid', 'gpt-5', true]]],
    ]);
    expect(describeKeyCheck(reports[0]!.checks[0]!)).toBe('needs a key (none configured)');
    expect(simulator.control.requests().map((request) => (request.body as { model?: string }).model).sort()).toEqual(['gpt-5', 'qwen3']);
  });
});
