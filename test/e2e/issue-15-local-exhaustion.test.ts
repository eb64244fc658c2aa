import Anthropic from '@anthropic-ai/sdk';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/observability/create-logger.js';
import { primaryAndFallback, startStack, type Stack } from '../support/outage-stack.js';
import { expectNothingHeldAgainstProviders, recordAttempts } from '../support/provider-blame.js';

// Issue 15, item 4: when Lifeline itself ran out of file descriptors, in-flight requests failed
// with EMFILE and were recorded as `network` failures against every provider. Out of descriptors
// or memory on our side is Lifeline's failure: a 500 in the caller's shape, nothing held against
// a provider. The exhaustion is injected (connects to the primary fail as the kernel would fail
// them) rather than produced, so the machine keeps its descriptors.

let stack: Stack;
const logLines: Array<{ level: number; msg: string; err?: { stack?: string } }> = [];

beforeAll(async () => {
  const destination = { write: (line: string) => void logLines.push(JSON.parse(line) as (typeof logLines)[number]) };
  stack = await startStack({ ...primaryAndFallback(), logger: createLogger('error', destination) });
});
afterAll(async () => stack?.close());
afterEach(() => vi.restoreAllMocks());

/** Every connect to `port` fails asynchronously with `code`, like a socket(2) or connect(2) that is refused locally. */
function failConnectsTo(port: number, code: string): void {
  const connect = net.connect.bind(net) as (...args: unknown[]) => net.Socket;
  vi.spyOn(net, 'connect').mockImplementation(((...args: unknown[]) => {
    const options = args[0] as { port?: number | string } | undefined;
    if (Number(options?.port) !== port) return connect(...args);
    const socket = new net.Socket();
    const error = Object.assign(new Error(`connect ${code}`), { code, errno: code === 'EMFILE' ? -24 : -12, syscall: 'connect' });
    process.nextTick(() => socket.destroy(error));
    return socket;
  }) as typeof net.connect);
}

describe.each(['EMFILE', 'ENFILE', 'ENOMEM'])('Lifeline out of a local resource (%s) while connecting upstream', (code) => {
  it('answers 500 in the caller\'s shape and holds nothing against any provider', async () => {
    stack.sims.primary!.control.clearRequests();
    const attempts = recordAttempts(stack);
    failConnectsTo(stack.sims.primary!.port, code);
    const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'sk-client', maxRetries: 0 });
    for (const stream of [false, true]) {
      const error = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, stream, messages: [{ role: 'user', content: 'hi' }] }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(500);
      expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining(code) } });
    }
    expect(stack.sims.primary!.control.requests()).toEqual([]);
    // Logged at error level (pino's 50) with the stack of the system error that caused it.
    const logged = logLines.filter((line) => line.level === 50 && line.err?.stack?.includes(`connect ${code}`));
    expect(logged.length).toBeGreaterThanOrEqual(2);
    await expectNothingHeldAgainstProviders(stack, attempts.events);

    vi.restoreAllMocks();
    const answer = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.content[0]).toMatchObject({ type: 'text' });
    attempts.dispose();
    // Drop the kept-alive connection so the next case has to connect again.
    await stack.sims.primary!.control.refuseConnections();
    await stack.sims.primary!.control.acceptConnections();
  });
});
