import type { CanonicalResponse, Usage } from '../../canonical/index.js';
import type { GenerateResult, UpstreamHeaders } from '../provider-adapter.js';

/**
 * A passthrough answer whose canonical form is built only if something reads `response` (the
 * client gets `rawBody`; `usage` is what the access log reads). A class rather than an object
 * literal with a getter: V8 builds such a literal through runtime calls on every request.
 */
export class LazyGenerateResult implements GenerateResult {
  #response: CanonicalResponse | undefined;
  readonly #build: () => CanonicalResponse;

  constructor(
    build: () => CanonicalResponse,
    readonly headers: UpstreamHeaders,
    readonly rawBody: string,
    readonly usage: Usage | undefined,
  ) {
    this.#build = build;
  }

  get response(): CanonicalResponse {
    return (this.#response ??= this.#build());
  }
}
