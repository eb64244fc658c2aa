import { targetKey } from '../core/target-key.js';
import type { ComponentId } from './health-types.js';

/** `provider:<name>`. */
export const providerComponentId = (provider: string): ComponentId => `provider:${provider}`;

/** `target:<provider>/<model>`: a target's {@link targetKey}, which its breaker is kept under too. */
export const targetComponentId = (provider: string, model: string): ComponentId => targetKey(provider, model);

/** `key:<provider>/<label>`: tracked for admins and verdicts, never published as a component. */
export const keyComponentId = (provider: string, label: string): ComponentId => `key:${provider}/${label}`;

/**
 * `target:<provider>/*`: every client-named model of a provider that has no component of its own
 * (see routing/dynamic-targets.ts). Its name is the route's own text, never a client's.
 */
export const otherModelsComponentId = (provider: string): ComponentId => targetComponentId(provider, '*');

/** True for a {@link otherModelsComponentId}. */
export const isOtherModelsComponent = (id: ComponentId): boolean => id.startsWith('target:') && id.endsWith('/*');
