import { shortSecretNotes } from '../config/config-secrets.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { describeSettings, isKeyRequired, providerCredentials } from '../providers/registry.js';

/** A human-readable summary of a configuration, safe to print: keys appear only as labels. */
export function describeConfig(config: ResolvedConfig): string {
  const lines: string[] = [];
  lines.push(config.source === 'file' ? `config: ${config.sourcePath}` : 'config: none found, built from the environment');
  lines.push(`server: http://${config.server.host}:${config.server.port} (max body ${config.server.maxBodyBytes} bytes)`);
  lines.push('providers:');
  const providers = Object.values(config.providers);
  if (providers.length === 0) lines.push('  (none)');
  for (const provider of providers) {
    const keys = providerCredentials(provider).map((credential) => credential.label);
    const keyText = keys.length > 0 ? keys.join(', ') : !isKeyRequired(provider) ? 'no key (optional)' : 'NO KEY: targets skipped';
    lines.push(`  ${provider.name}: ${provider.type} ${provider.baseUrl}${describeSettings(provider) ? ` ${describeSettings(provider)}` : ''} [${keyText}]`);
  }
  lines.push('routes (first match wins; exact names before globs):');
  if (config.routes.length === 0) lines.push('  (none)');
  for (const route of config.routes) {
    lines.push(`  ${route.pattern} -> ${route.targets.map((target) => `${target.provider}/${target.model}`).join(' -> ')}`);
  }
  for (const note of [...config.notes, ...shortSecretNotes(config)]) lines.push(`note: ${note}`);
  return lines.join('\n');
}
