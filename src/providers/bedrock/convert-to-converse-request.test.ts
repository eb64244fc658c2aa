import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { convertToConverseRequest } from './convert-to-converse-request.js';

const NOVA = { claude: false, modelId: 'amazon.nova-pro-v1:0' };
const CLAUDE = { claude: true, modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0' };
const PNG = 'iVBORw0KGgo=';

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, ...overrides };
}

describe('canonical → Converse', () => {
  it('sends images and documents as Converse blocks, cache_control as a cache point, and leaves out what Converse cannot fetch', () => {
    const body = convertToConverseRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Rules.', providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } }] },
          {
            role: 'user',
            content: [
              { type: 'file', mediaType: 'image/png', data: { kind: 'base64', base64: PNG } },
              { type: 'file', mediaType: 'application/pdf', filename: 'report.v2.pdf', data: { kind: 'base64', base64: 'JVBERi0=' } },
              { type: 'file', mediaType: 'image/png', data: { kind: 'url', url: 'https://example.com/a.png' } },
              { type: 'text', text: '' },
              { type: 'text', text: 'describe' },
            ],
          },
        ],
      }),
      NOVA,
    );
    expect(body['system']).toEqual([{ text: 'Rules.' }, { cachePoint: { type: 'default' } }]);
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ image: { format: 'png', source: { bytes: PNG } } }, { document: { format: 'pdf', name: 'report-v2', source: { bytes: 'JVBERi0=' } } }, { text: 'describe' }] },
    ]);
  });

  it("gives a failed tool result Claude's status, and other models the error in the text", () => {
    const messages: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'plan', signature: 'sig' }, { type: 'tool-call', toolCallId: 't1', toolName: 'run', input: { a: 1 } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', output: [{ type: 'text', text: 'boom' }], isError: true }] },
      { role: 'user', content: [{ type: 'text', text: 'and?' }] },
    ];
    const tools: CanonicalRequest['tools'] = [{ type: 'function', name: 'run', inputSchema: { type: 'object' } }];
    const nova = convertToConverseRequest(request({ messages, tools, topK: 5 }), NOVA);
    expect(nova['messages']).toEqual([
      { role: 'user', content: [{ text: 'go' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'run', input: { a: 1 } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'error:' }, { text: 'boom' }] } }, { text: 'and?' }] },
    ]);
    expect(nova['additionalModelRequestFields']).toEqual({ inferenceConfig: { topK: 5 } });
    const claude = convertToConverseRequest(request({ messages, tools, topK: 5, providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } } } }), CLAUDE);
    expect((claude['messages'] as Array<{ content: unknown[] }>)[1]!.content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'plan', signature: 'sig' } } });
    expect((claude['messages'] as Array<{ content: unknown[] }>)[2]!.content[0]).toEqual({ toolResult: { toolUseId: 't1', content: [{ text: 'boom' }], status: 'error' } });
    expect(claude['additionalModelRequestFields']).toEqual({ top_k: 5, thinking: { type: 'enabled', budget_tokens: 1024 } });
  });

  it('maps tool choice, and leaves the tools out for "none" when the conversation has no tool blocks', () => {
    const tools: CanonicalRequest['tools'] = [{ type: 'function', name: 'run', inputSchema: { type: 'object' } }];
    expect(convertToConverseRequest(request({ tools, toolChoice: { type: 'tool', toolName: 'run' } }), NOVA)['toolConfig']).toEqual({ tools: [{ toolSpec: { name: 'run', inputSchema: { json: { type: 'object' } } } }], toolChoice: { tool: { name: 'run' } } });
    expect(convertToConverseRequest(request({ tools, toolChoice: { type: 'auto' } }), NOVA)['toolConfig']).toMatchObject({ toolChoice: { auto: {} } });
    expect(convertToConverseRequest(request({ tools, toolChoice: { type: 'none' } }), NOVA)).not.toHaveProperty('toolConfig');
  });

  it('puts max tokens, temperature, top_p and stop sequences in inferenceConfig', () => {
    expect(convertToConverseRequest(request({ maxOutputTokens: 10, temperature: 0.3, topP: 0.9, stopSequences: ['END'] }), NOVA)['inferenceConfig']).toEqual({ maxTokens: 10, temperature: 0.3, topP: 0.9, stopSequences: ['END'] });
  });
});
