import { anthropicProtocol } from '../protocols/anthropic/anthropic-protocol.js';
import type { InboundProtocol } from '../protocols/inbound-protocol.js';
import { openaiProtocol } from '../protocols/openai/openai-protocol.js';
import type { DeferredJob } from '../store/store.js';

/** The inbound protocol a job was asked in (its answer is rendered in it). */
export function protocolOfJob(job: Pick<DeferredJob, 'protocol'>): InboundProtocol {
  return job.protocol === 'anthropic' ? anthropicProtocol : openaiProtocol;
}
