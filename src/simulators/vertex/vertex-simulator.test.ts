import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../index.js';

// The Vertex simulator against the official SDKs: @anthropic-ai/vertex-sdk for Claude
// (rawPredict/streamRawPredict) and @google/genai in Vertex mode for Gemini. Both get a bearer
// token the simulator's own token endpoint issued (here through the metadata server flow).

let sim: SimulatorHandle;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({
    format: 'vertex',
    google: { projects: ['sdk-project'] },
    script: [{ match: { model: 'claude-*' }, reply: { text: 'Claude on the simulated Vertex.' } }, { reply: { text: 'Gemini on the simulated Vertex.' } }],
  });
  const issued = await fetch(`${sim.url}/computeMetadata/v1/instance/service-accounts/default/token`, { headers: { 'metadata-flavor': 'Google' } });
  token = ((await issued.json()) as { access_token: string }).access_token;
});
afterAll(() => sim.close());

/** A Google auth client that already holds the simulator's token. */
function authClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client;
}

describe('the Vertex simulator with the official SDKs', () => {
  it('answers @anthropic-ai/vertex-sdk at :rawPredict and :streamRawPredict', async () => {
    const client = new AnthropicVertex({ baseURL: `${sim.url}/v1`, region: 'us-east5', projectId: 'sdk-project', authClient: authClient(), maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-5@20250929', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Claude on the simulated Vertex.' }]);
    const streamed = await client.messages.stream({ model: 'claude-sonnet-4-5@20250929', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] }).finalMessage();
    expect(streamed.content).toEqual([{ type: 'text', text: 'Claude on the simulated Vertex.' }]);
    const [plain, stream] = sim.control.requests().filter((request) => request.path.includes('/publishers/'));
    expect(plain!.path).toBe('/v1/projects/sdk-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict');
    expect(stream!.path).toBe('/v1/projects/sdk-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict');
    expect((plain!.body as Record<string, unknown>).anthropic_version).toBeDefined();
  });

  it('refuses another project with Vertex\'s 403, and a missing token with its 401', async () => {
    const other = new AnthropicVertex({ baseURL: `${sim.url}/v1`, region: 'us-east5', projectId: 'not-mine', authClient: authClient(), maxRetries: 0 });
    const denied = await other.messages.create({ model: 'claude-sonnet-4-5@20250929', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect((denied as { status?: number }).status).toBe(403);
    expect(String(denied)).toContain("Permission 'aiplatform.endpoints.predict' denied");
    const anonymous = await fetch(`${sim.url}/v1/projects/sdk-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
  });

  it('answers @google/genai in Vertex mode on publishers/google', async () => {
    const genai = new GoogleGenAI({ vertexai: true, project: 'sdk-project', location: 'global', httpOptions: { baseUrl: sim.url }, googleAuthOptions: { authClient: authClient() } as ConstructorParameters<typeof GoogleAuth>[0] });
    const response = await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello' });
    expect(response.text).toBe('Gemini on the simulated Vertex.');
    let streamed = '';
    for await (const chunk of await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hello' })) streamed += chunk.text ?? '';
    expect(streamed).toBe('Gemini on the simulated Vertex.');
    const paths = sim.control.requests().filter((request) => request.path.includes('/publishers/google/')).map((request) => request.path);
    expect(paths).toEqual([
      '/v1beta1/projects/sdk-project/locations/global/publishers/google/models/gemini-2.5-flash:generateContent',
      '/v1beta1/projects/sdk-project/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent',
    ]);
  });
});
