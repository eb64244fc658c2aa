import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKeyChecks } from '../../src/cli/format-key-checks.js';
import { runKeyChecks } from '../../src/cli/run-key-checks.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { createTestServiceAccount } from '../support/google-service-account.js';

// `lifeline check` on Vertex AI: the Google credentials are tried for real (token obtained, model
// call accepted) and a failure says precisely what is wrong, in Google's own words.

const account = createTestServiceAccount('check-test');
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ format: 'vertex', strictModels: true, google: { serviceAccountKeys: { [account.email]: account.publicKeyPem }, projects: ['good-project'] } });
});
afterAll(() => sim.close());

async function check(options: { project: string; model: string; keyFile?: string }): Promise<string> {
  const keyFile = options.keyFile ?? account.writeKeyFile(`${sim.url}/token`);
  const config = parseConfigText(
    `
providers:
  gcp: { type: vertex, project: ${options.project}, region: us-east5, endpoint: "${sim.url}", credentials_file: "${keyFile}" }
routes:
  "claude-*": ["gcp/${options.model}"]
`,
    { env: {} },
  );
  return formatKeyChecks(await runKeyChecks(config));
}

describe('lifeline check on Vertex AI', () => {
  it('says valid when the token is obtained and the model answers', async () => {
    const text = await check({ project: 'good-project', model: 'claude-sonnet-4-5' });
    expect(text).toMatch(new RegExp(`google ${account.email.replaceAll('.', '\\.')}\\s+valid\\s+model claude-sonnet-4-5`));
  });

  it('names a wrong project', async () => {
    const text = await check({ project: 'someone-elses', model: 'claude-sonnet-4-5' });
    expect(text).toContain('credentials refused');
    expect(text).toContain("Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/someone-elses/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929'");
  });

  it('names a model the project has no access to in that region', async () => {
    const text = await check({ project: 'good-project', model: 'gemini-1.0-pro' });
    expect(text).toContain('model unavailable');
    expect(text).toContain('Publisher Model `projects/good-project/locations/us-east5/publishers/google/models/gemini-1.0-pro` was not found or your project does not have access to it');
  });

  it('names credentials the token endpoint refuses, and never prints the key', async () => {
    const revoked = createTestServiceAccount('check-test').writeKeyFile(`${sim.url}/token`);
    const text = await check({ project: 'good-project', model: 'claude-sonnet-4-5', keyFile: revoked });
    expect(text).toContain('credentials refused');
    expect(text).toContain('Google refused the credentials: invalid_grant: Invalid JWT Signature.');
    expect(text).not.toContain('PRIVATE KEY');
  });
});
