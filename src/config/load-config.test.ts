import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { FRONT_DOOR_DEFAULTS } from '../http/front-door-config.js';
import { DEFAULT_TIMEOUTS } from '../providers/shared/upstream-client.js';
import { DEFAULT_UPSTREAM_LIMITS } from '../providers/shared/upstream-limits.js';
import { loadConfig, parseConfigText } from './load-config.js';

/** The minimal file from the gateway-core issue, verbatim: it must keep working. */
const MINIMAL = `server: { host: 127.0.0.1, port: 4000 }
providers:
  anthropic: { type: anthropic, base_url: https://api.anthropic.com, keys: ["\${ANTHROPIC_API_KEY}"] }
  openai:    { type: openai, base_url: https://api.openai.com/v1, keys: ["\${OPENAI_API_KEY}"] }
  local:     { type: openai-compatible, base_url: http://127.0.0.1:11434/v1 }
routes:
  "claude-*": ["anthropic/*", "openai/gpt-5", "local/qwen3"]
  "gpt-*":    ["openai/*", "anthropic/claude-sonnet-4-5"]
`;

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfigText', () => {
  it('accepts the minimal file and resolves ${VAR} keys, routes and defaults', () => {
    const config = parseConfigText(MINIMAL, { env: { ANTHROPIC_API_KEY: 'sk-ant-1234', OPENAI_API_KEY: 'sk-oai-5678' } });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 4000, maxBodyBytes: 32 * 1024 * 1024, shutdownGraceMs: 30_000, allowedOrigins: [], allowedHosts: [], ...FRONT_DOOR_DEFAULTS });
    expect(config.providers.anthropic?.keys).toEqual(['sk-ant-1234']);
    expect(config.providers.local).toMatchObject({ type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', keys: [] });
    expect(config.routes.map(({ pattern, targets }) => ({ pattern, targets }))).toEqual([
      { pattern: 'claude-*', targets: [{ provider: 'anthropic', model: '*' }, { provider: 'openai', model: 'gpt-5' }, { provider: 'local', model: 'qwen3' }] },
      { pattern: 'gpt-*', targets: [{ provider: 'openai', model: '*' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }] },
    ]);
    expect(config.notes).toEqual([]);
  });

  it('keeps running without an unset key and says which variable is missing', () => {
    const config = parseConfigText(MINIMAL, { env: { ANTHROPIC_API_KEY: 'sk-ant-1234' } });
    expect(config.providers.openai?.keys).toEqual([]);
    expect(config.notes.join('\n')).toContain('OPENAI_API_KEY not set');
  });

  it('accepts route objects with long_context targets and per-route resilience overrides', () => {
    const config = parseConfigText(
      `providers:\n  a: { type: anthropic, base_url: https://x, keys: [k] }\nresilience: { retries: { max_retries_per_target: 2 } }\nroutes:\n  "m":\n    targets: ["a/small"]\n    long_context: ["a/large"]\n    resilience: { hedging: { enabled: true, delay_ms: 500 } }\n`,
      { env: {} },
    );
    const route = config.routes[0]!;
    expect(route.longContext).toEqual([{ provider: 'a', model: 'large' }]);
    expect(route.resilience.hedging).toMatchObject({ enabled: true, delay_ms: 500 });
    expect(route.resilience.retries.max_retries_per_target).toBe(2);
    expect(config.resilience.hedging.enabled).toBe(true);
  });

  it('rejects unknown resilience keys with their path', () => {
    const error = configError(() => parseConfigText('resilience: { retries: { max_retry: 3 } }\n', { env: {} }));
    expect(error.issues.join('\n')).toContain('resilience.retries: unknown key(s) "max_retry"');
  });

  it('applies the documented limits and stream timeout, and names a misspelt or inconsistent one', () => {
    const config = parseConfigText(MINIMAL, { env: {} });
    expect(config.server.maxJsonDepth).toBe(128);
    expect(config.limits).toEqual({ max_response_bytes: 64 * 1024 * 1024, max_error_body_bytes: 1024 * 1024, max_sse_event_bytes: 16 * 1024 * 1024 });
    expect(config.resilience.timeouts.stream_max_ms).toBe(3_600_000);
    // The adapters' own defaults (used without a configuration) say the same.
    expect(DEFAULT_UPSTREAM_LIMITS).toEqual({ maxResponseBytes: config.limits.max_response_bytes, maxErrorBodyBytes: config.limits.max_error_body_bytes, maxSseEventBytes: config.limits.max_sse_event_bytes });
    expect(DEFAULT_TIMEOUTS.streamMaxMs).toBe(config.resilience.timeouts.stream_max_ms);
    const tuned = parseConfigText(`${MINIMAL}\nlimits: { max_response_bytes: 1048576 }\nserver: { max_json_depth: 32 }\n`.replace(/^server: .*\n/, ''), { env: {} });
    expect(tuned.limits.max_response_bytes).toBe(1_048_576);
    expect(tuned.limits.max_sse_event_bytes).toBe(16 * 1024 * 1024);
    expect(tuned.server.maxJsonDepth).toBe(32);
    expect(() => parseConfigText(`${MINIMAL}\nlimits: { max_response_byte: 10 }\n`, { env: {} })).toThrow(/limits: unknown key\(s\) "max_response_byte"/);
    expect(() => parseConfigText(`${MINIMAL}\nlimits: { max_response_bytes: 1073741824 }\n`, { env: {} })).toThrow(/limits\.max_response_bytes/);
    expect(() => parseConfigText(`${MINIMAL}\nresilience: { timeouts: { stream_max_ms: 1000 } }\n`, { env: {} })).toThrow(/stream_max_ms must be ≥ timeouts\.idle_ms/);
  });

  it('supports ${VAR:-default}', () => {
    const config = parseConfigText('providers:\n  x: { type: openai-compatible, base_url: "${BASE:-http://127.0.0.1:1234/v1}" }\n', { env: {} });
    expect(config.providers.x?.baseUrl).toBe('http://127.0.0.1:1234/v1');
  });

  it('points at the exact key when a value has the wrong type', () => {
    const error = configError(() => parseConfigText('server: { port: "eighty" }\n', { env: {} }));
    expect(error.issues[0]).toMatch(/^server\.port: /);
  });

  it('names unknown keys, unknown provider types and malformed targets', () => {
    const error = configError(() =>
      parseConfigText(
        'providers:\n  a: { type: anthropc, base_url: https://x, kyes: [] }\nroutes:\n  "m": ["no-slash"]\n',
        { env: {} },
      ),
    );
    const text = error.issues.join('\n');
    expect(text).toContain('providers.a.type: expected one of anthropic, openai, openai-compatible');
    expect(text).toContain('providers.a: unknown key(s) "kyes"');
    expect(text).toContain('routes.m[0]: expected "provider/model"');
  });

  it('rejects a route that names a provider that does not exist', () => {
    const error = configError(() => parseConfigText('routes:\n  "claude-*": ["nope/*"]\n', { env: {} }));
    expect(error.issues[0]).toContain('routes."claude-*"[0]: unknown provider "nope"');
  });

  it('refuses an admin token shorter than 16 characters, naming the key; an unset one still means off', () => {
    const error = configError(() => parseConfigText('admin: { token: short-token }\n', { env: {} }));
    expect(error.issues).toEqual([expect.stringMatching(/^admin\.token: must be at least 16 characters/)]);
    expect(parseConfigText('admin: { token: "${LIFELINE_ADMIN_TOKEN}" }\n', { env: {} }).admin.token).toBeUndefined();
    expect(parseConfigText('admin: { token: 0123456789abcdef }\n', { env: {} }).admin.token).toBe('0123456789abcdef');
  });

  it('reads the front-door keys of server:, normalising origins and host names, and rejects malformed ones', () => {
    const config = parseConfigText(
      'server: { allowed_origins: ["HTTP://LocalHost:5173", "https://app.example.com:443"], allowed_hosts: [Lifeline.LAN, "*.corp.example"], headers_timeout_ms: 5000, max_connections: 64 }\n',
      { env: {} },
    );
    expect(config.server).toMatchObject({ allowedOrigins: ['http://localhost:5173', 'https://app.example.com'], allowedHosts: ['lifeline.lan', '*.corp.example'], headersTimeoutMs: 5000, maxConnections: 64 });
    const error = configError(() => parseConfigText('server: { allowed_origins: ["http://localhost:5173/app"], allowed_hosts: ["lifeline.lan:4000"], max_conections: 5 }\n', { env: {} }));
    const text = error.issues.join('\n');
    expect(text).toContain('server.allowed_origins[0]: expected an origin');
    expect(text).toContain('server.allowed_hosts[0]: expected a host name');
    expect(text).toContain('server: unknown key(s) "max_conections"');
  });

  it('reports YAML syntax errors with a position', () => {
    const error = configError(() => parseConfigText('server: { port: 4000\n', { env: {} }));
    expect(error.message).toMatch(/not valid YAML \(line \d+, column \d+\)/);
  });
});

describe('loadConfig', () => {
  it('refuses a short LIFELINE_ADMIN_TOKEN when the configuration comes from the environment, naming the variable', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lifeline-config-'));
    const error = configError(() => loadConfig({ cwd, env: { ANTHROPIC_API_KEY: 'a1', LIFELINE_ADMIN_TOKEN: 'secret' } }));
    expect(error.issues[0]).toMatch(/^LIFELINE_ADMIN_TOKEN \(admin\.token\): must be at least 16 characters/);
  });

  it('builds a configuration from API keys in the environment when there is no file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lifeline-config-'));
    const config = loadConfig({ cwd, env: { ANTHROPIC_API_KEY: 'a1,a2', OPENAI_API_KEY: 'o1' } });
    expect(config.source).toBe('environment');
    expect(config.providers.anthropic?.keys).toEqual(['a1', 'a2']);
    expect(config.routes.find((route) => route.pattern === 'claude-*')?.targets).toEqual([
      { provider: 'anthropic', model: '*' },
      { provider: 'openai', model: 'gpt-5' },
    ]);
    expect(config.notes.some((note) => note.includes('ANTHROPIC_API_KEY'))).toBe(true);
  });

  it('reads ./lifeline.yaml, and LIFELINE_CONFIG when set', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lifeline-config-'));
    writeFileSync(join(cwd, 'lifeline.yaml'), 'server: { port: 4111 }\n');
    writeFileSync(join(cwd, 'other.yaml'), 'server: { port: 4222 }\n');
    expect(loadConfig({ cwd, env: {} }).server.port).toBe(4111);
    expect(loadConfig({ cwd, env: { LIFELINE_CONFIG: 'other.yaml' } }).server.port).toBe(4222);
    expect(() => loadConfig({ cwd, env: {}, path: 'missing.yaml' })).toThrow(/config file not found/);
  });
});
