import { RequestRefusedError } from '../errors/index.js';

/**
 * Refuses a body that is not labelled `application/json` (parameters such as `; charset=utf-8`
 * allowed, any case). A web page can POST `text/plain`, form data or an unlabelled Blob to any
 * origin without a CORS preflight; only JSON needs one, so this is what keeps a page a developer
 * happens to open from spending the provider keys through a Lifeline on localhost.
 */
export function requireJsonContentType(contentType: string | undefined): void {
  if (contentType !== undefined && isJsonMediaType(contentType)) return;
  throw new RequestRefusedError(
    'unsupported_media_type',
    contentType === undefined
      ? 'The request has no content-type; send the JSON body with `content-type: application/json`.'
      : `The request body is labelled "${contentType.slice(0, 100)}"; Lifeline accepts only \`content-type: application/json\`.`,
  );
}

function isJsonMediaType(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim();
  return mediaType.length === 16 && mediaType.toLowerCase() === 'application/json';
}
