import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { defaultBaseUrl, isKeyRequired, knownModelNames, targetModelId } from '../providers/registry.js';
import { compileGlob, isGlob } from '../routing/glob.js';
import { resolveFrontDoor } from '../http/front-door-config.js';
import { resolveState } from '../shared-state/state-config.js';
import { resolveStorage } from '../store/storage-config.js';
import { resolveDegradation } from '../degrade/degrade-config.js';
import { mergeResilience, resilienceIssues } from '../resilience/resilience-options.js';
import { configSchema, type ConfigFile } from './config-schema.js';
import { configFromEnvironment } from './config-from-environment.js';
import type { ResolvedConfig, ResolvedProvider, ResolvedRoute } from './resolved-config.js';
import { substituteEnv, type MissingVariable } from './substitute-env.js';

export interface LoadConfigOptions {
  /** Explicit path (the --config flag); wins over LIFELINE_CONFIG and ./lifeline.yaml. */
  path?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Finds and validates the configuration: --config, then LIFELINE_CONFIG, then ./lifeline.yaml;
 * with none of them, builds one from provider API keys in the environment.
 */
export function loadConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path ?? env.LIFELINE_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : ['lifeline.yaml', 'lifeline.yml'].map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate));
  if (!path) return configFromEnvironment(env);
  if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`);
  return parseConfigText(readFileSync(path, 'utf8'), { env, sourcePath: path });
}

/** Validates YAML text into a resolved configuration; errors name the exact key. */
export function parseConfigText(text: string, options: { env?: NodeJS.ProcessEnv; sourcePath?: string } = {}): ResolvedConfig {
  const label = options.sourcePath ?? 'config';
  let document: unknown;
  try {
    document = parseYaml(text) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : '';
    throw new ConfigError(`${label}: not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  const missing: MissingVariable[] = [];
  const substituted = substituteEnv(document, options.env ?? process.env, missing);
  const parsed = configSchema.safeParse(substituted);
  if (!parsed.success) throw new ConfigError(`${label} is invalid`, formatIssues(parsed.error));
  return resolveFile(parsed.data, missing, options.sourcePath);
}

function resolveFile(file: ConfigFile, missing: MissingVariable[], sourcePath?: string): ResolvedConfig {
  const notes: string[] = [];
  const providers: Record<string, ResolvedProvider> = {};
  for (const [name, provider] of Object.entries(file.providers)) {
    const { type, base_url, keys: _keys, headers, timeouts, models, status_page_url, model_map, ...settings } = provider;
    const keys = (provider.keys ?? []).filter((key) => key.trim() !== '');
    const unset = missing.filter((entry) => entry.path.startsWith(`providers.${name}.keys`)).map((entry) => entry.name);
    if (unset.length > 0) notes.push(`provider ${name}: ${unset.join(', ')} not set; ${keys.length} key(s) usable`);
    if (keys.length === 0 && isKeyRequired({ type, settings })) {
      notes.push(`provider ${name}: no API key, its targets will be skipped until one is configured`);
    }
    providers[name] = {
      name,
      type,
      // The schema made sure one of the two is there.
      baseUrl: base_url ?? defaultBaseUrl({ type, settings }) ?? '',
      keys,
      headers: headers ?? {},
      timeouts: {
        connectMs: timeouts?.connect_ms,
        firstByteMs: timeouts?.first_byte_ms,
        idleMs: timeouts?.idle_ms,
        streamMaxMs: timeouts?.stream_max_ms,
      },
      models: models ?? [],
      settings,
      ...(status_page_url !== undefined ? { statusPageUrl: status_page_url } : {}),
      modelMap: model_map ?? {},
    };
  }
  const routeIssues: string[] = [];
  const toTarget = (pattern: string, where: string) => (target: string, index: number) => {
    const slash = target.indexOf('/');
    const provider = target.slice(0, slash);
    const model = target.slice(slash + 1);
    const resolved = providers[provider];
    if (!resolved) {
      routeIssues.push(`routes."${pattern}"${where}[${index}]: unknown provider "${provider}" (configured: ${Object.keys(providers).join(', ') || 'none'})`);
    } else {
      const issue = modelIssue(resolved, model, pattern);
      if (issue) routeIssues.push(`routes."${pattern}"${where}[${index}]: ${issue}`);
    }
    return { provider, model };
  };
  const routes: ResolvedRoute[] = Object.entries(file.routes).map(([pattern, route]) => {
    const written: Exclude<typeof route, string[]> = Array.isArray(route) ? { targets: route } : route;
    const resilience = mergeResilience(file.resilience, written.resilience);
    for (const issue of resilienceIssues(resilience)) routeIssues.push(`routes."${pattern}".resilience: ${issue}`);
    return {
      pattern,
      targets: written.targets.map(toTarget(pattern, Array.isArray(route) ? '' : '.targets')),
      longContext: (written.long_context ?? []).map(toTarget(pattern, '.long_context')),
      resilience,
      defer: written.defer ?? false,
      degrade: resolveDegradation(written.degrade),
    };
  });
  if (routeIssues.length > 0) throw new ConfigError(`${sourcePath ?? 'config'} is invalid`, routeIssues);
  if (routes.length === 0) notes.push('no routes configured: every model request will get 404');
  return {
    server: { host: file.server.host, port: file.server.port, maxBodyBytes: file.server.max_body_bytes, shutdownGraceMs: file.server.shutdown_grace_ms, ...resolveFrontDoor(file.server) },
    providers,
    routes,
    resilience: file.resilience,
    limits: file.limits,
    health: file.health,
    incidents: file.incidents,
    notifications: file.notifications,
    admin: file.admin,
    status: file.status,
    storage: resolveStorage(file.storage),
    deferred: file.deferred,
    responses: file.responses,
    state: resolveState(file.state),
    logging: file.logging,
    source: 'file',
    ...(sourcePath !== undefined ? { sourcePath } : {}),
    notes,
  };
}

/**
 * Why `provider/model` in the route `pattern` could never be sent, or undefined when it can: a
 * provider that names models by its own ids (a cloud) must know the model (its `model_map` or the
 * Claude table), and a `provider/*` target must know at least one model the route's pattern
 * matches. An unknown mapping is found here, at start, not at the first outage.
 */
function modelIssue(provider: ResolvedProvider, model: string, pattern: string): string | undefined {
  const fix = `add it to providers.${provider.name}.model_map`;
  if (model !== '*') {
    return targetModelId(provider, model) === undefined ? `${provider.name} (${provider.type}) has no model id for "${model}"; ${fix}` : undefined;
  }
  const known = knownModelNames(provider);
  if (known === undefined) return undefined;
  if (!isGlob(pattern)) return targetModelId(provider, pattern) === undefined ? `${provider.name} (${provider.type}) has no model id for "${pattern}"; ${fix}` : undefined;
  const matcher = compileGlob(pattern);
  return known.some((name) => matcher.test(name)) ? undefined : `${provider.name}/* can serve no model "${pattern}" matches (${provider.type} knows Claude models and its model_map)`;
}

/** `providers.openai.base_url: expected a URL …` — one line per problem, exact key first. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part, index) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][\w-]*$/.test(String(part)) ? `${index === 0 ? '' : '.'}${String(part)}` : `${index === 0 ? '' : '.'}"${String(part)}"`))
      .join('');
    const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue.message;
    return `${path || '(top level)'}: ${message}`;
  });
}
