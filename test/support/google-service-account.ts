import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A service account made for one test run: its key pair, and a key file written on demand. */
export interface TestServiceAccount {
  email: string;
  /** For the Vertex simulator's `google.serviceAccountKeys`. */
  publicKeyPem: string;
  /** Writes the JSON key file (as the Cloud console downloads it) with `token_uri`; returns its path. */
  writeKeyFile(tokenUri: string, options?: { projectId?: string }): string;
}

/** A fresh RSA key pair under a made-up service-account email, so the simulator can check real signatures. */
export function createTestServiceAccount(name = 'lifeline-test'): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const email = `${name}@test-project.iam.gserviceaccount.com`;
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    email,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    writeKeyFile(tokenUri, options = {}) {
      const directory = mkdtempSync(join(tmpdir(), 'lifeline-sa-'));
      const path = join(directory, 'service-account.json');
      const file = {
        type: 'service_account',
        project_id: options.projectId ?? 'test-project',
        private_key_id: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
        private_key: privateKeyPem,
        client_email: email,
        client_id: '100000000000000000001',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: tokenUri,
        auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
        universe_domain: 'googleapis.com',
      };
      writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
      return path;
    },
  };
}
