import type { WireFormat } from '../../canonical/index.js';
import type { InboundPassthrough } from '../../providers/provider-adapter.js';

/**
 * A same-format request kept as its bytes: `body` is parsed from them only when read. A class
 * rather than an object literal with a getter, which V8 builds through runtime calls on every
 * request and then reads slowly wherever the object goes.
 */
export class BytesPassthrough implements InboundPassthrough {
  #body: Record<string, unknown> | undefined;

  constructor(
    readonly format: WireFormat,
    readonly raw: NonNullable<InboundPassthrough['raw']>,
    readonly query: string,
    readonly headers: Record<string, string>,
  ) {}

  get body(): Record<string, unknown> {
    return (this.#body ??= JSON.parse(this.raw.bytes.toString()) as Record<string, unknown>);
  }
}
