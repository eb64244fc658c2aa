import type { ComponentVerdict } from '../health/health-types.js';
import { isOtherModelsComponent } from '../health/component-id.js';
import { STATUS_SEVERITY } from '../health/health-types.js';
import { dominantClass } from './describe-verdict.js';
import { componentDisplayName, providerDisplayName, providerIdOf, STATUS_WORDS } from './incident-wording.js';

/**
 * A plain-words title from the affected components' verdicts, led by the worst one:
 * "Anthropic: major outage (overloaded)", "OpenAI: rate-limited on key-2 …f00d",
 * "Anthropic claude-opus-4: partial outage (server)", "Lifeline cannot reach any provider".
 */
export function incidentTitle(verdicts: readonly ComponentVerdict[]): string {
  const worst = pickWorst(verdicts);
  if (!worst) return 'Service disruption';
  if (verdicts.some((verdict) => verdict.scope === 'own_network')) return 'Lifeline cannot reach any provider (network problem on our side)';
  const providerName = componentDisplayName(providerIdOf(worst.id));
  const provider = providerDisplayName(providerName);
  const status = STATUS_WORDS[worst.status];
  switch (worst.scope) {
    case 'key':
      return worst.reason ? `${provider}: ${worst.reason}` : `${provider}: one API key failing`;
    case 'slow':
      return `${provider}: slow responses (${status})`;
    case 'official':
      return `${provider}: ${status} reported by the official status page`;
    default: {
      const model = isOtherModelsComponent(worst.id) ? 'client-named models' : worst.name.slice(providerName.length + 1) || worst.name;
      const subject = worst.kind === 'target' && !verdicts.some((verdict) => verdict.kind === 'provider') ? `${provider} ${model}` : provider;
      const cause = dominantClass(worst.measured.classes);
      return cause ? `${subject}: ${status} (${cause})` : `${subject}: ${status}`;
    }
  }
}

/** Worst status first; on a tie a provider beats a target (it speaks for the whole outage). */
function pickWorst(verdicts: readonly ComponentVerdict[]): ComponentVerdict | undefined {
  let worst: ComponentVerdict | undefined;
  for (const verdict of verdicts) {
    if (!worst) {
      worst = verdict;
      continue;
    }
    const difference = STATUS_SEVERITY[verdict.status] - STATUS_SEVERITY[worst.status];
    if (difference > 0 || (difference === 0 && verdict.kind === 'provider' && worst.kind === 'target')) worst = verdict;
  }
  return worst;
}
