import type { FilePart, RawPart, TextPart } from '../../canonical/index.js';
import { anyPartSchema, filePartSchema, imagePartSchema, textPartSchema } from './schemas.js';
import { invalidParameter, invalidType, invalidValue, parseOrThrow } from './request-errors.js';

type PathSegment = string | number;

const USER_PART_TYPES = ['text', 'image_url', 'input_audio', 'file'] as const;

const IMAGE_TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** A `data:<type>;base64,<data>` URL split into its parts, or undefined when it is not one. */
export function parseDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (!match) return undefined;
  return { mediaType: match[1]!, base64: match[3]! };
}

/** Media type of an image URL guessed from its extension; `image/*` when unknown. */
export function guessImageMediaType(url: string): string {
  const pathname = (() => {
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  })();
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  return (extension && IMAGE_TYPES_BY_EXTENSION[extension]) ?? 'image/*';
}

/** Text content that is a string or an array of text parts (system, developer and tool messages). */
export function parseTextContent(content: unknown, path: readonly PathSegment[]): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidType(path, 'one of a string or array of objects', content);
  return content.map((part, index) => {
    const partPath = [...path, index];
    const typed = parseOrThrow(anyPartSchema, part, partPath);
    if (typed.type !== 'text') throw invalidValue([...partPath, 'type'], typed.type, ['text']);
    const text = parseOrThrow(textPartSchema, part, partPath);
    return { type: 'text', text: text.text };
  });
}

/**
 * User content: text, `image_url` (data URL → base64, http(s) → url, `detail` kept in
 * providerOptions.openai) and `file` with `file_data` (→ base64 FilePart). Parts the canonical
 * model cannot hold (`input_audio`, `file` by `file_id`) become RawPart {format:'openai'}:
 * replayed verbatim to OpenAI-format targets and dropped for others.
 */
export function parseUserContent(content: unknown, path: readonly PathSegment[]): Array<TextPart | FilePart | RawPart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidType(path, 'one of a string or array of objects', content);
  return content.map((part, index) => parseUserPart(part, [...path, index]));
}

function parseUserPart(part: unknown, path: readonly PathSegment[]): TextPart | FilePart | RawPart {
  const typed = parseOrThrow(anyPartSchema, part, path);
  switch (typed.type) {
    case 'text':
      return { type: 'text', text: parseOrThrow(textPartSchema, part, path).text };
    case 'image_url':
      return parseImagePart(part, path);
    case 'file': {
      const file = parseOrThrow(filePartSchema, part, path).file;
      if (file.file_data) {
        const dataUrl = parseDataUrl(file.file_data);
        // OpenAI documents file_data as a data URL; a bare base64 string is taken as PDF, its only file type.
        const data = dataUrl ?? { mediaType: 'application/pdf', base64: file.file_data };
        return {
          type: 'file',
          mediaType: data.mediaType,
          data: { kind: 'base64', base64: data.base64 },
          ...(file.filename ? { filename: file.filename } : {}),
        };
      }
      if (file.file_id) return { type: 'raw', format: 'openai', value: part };
      throw invalidParameter([...path, 'file'], "expected one of 'file_data' or 'file_id'.");
    }
    case 'input_audio':
      return { type: 'raw', format: 'openai', value: part };
    default:
      throw invalidValue([...path, 'type'], typed.type, USER_PART_TYPES);
  }
}

function parseImagePart(part: unknown, path: readonly PathSegment[]): FilePart {
  const image = parseOrThrow(imagePartSchema, part, path).image_url;
  const providerOptions = image.detail ? { providerOptions: { openai: { detail: image.detail } } } : {};
  const dataUrl = parseDataUrl(image.url);
  if (dataUrl) return { type: 'file', mediaType: dataUrl.mediaType, data: { kind: 'base64', base64: dataUrl.base64 }, ...providerOptions };
  if (/^https?:\/\//i.test(image.url)) {
    return { type: 'file', mediaType: guessImageMediaType(image.url), data: { kind: 'url', url: image.url }, ...providerOptions };
  }
  throw invalidParameter(
    [...path, 'image_url', 'url'],
    'Expected a base64-encoded data URL with an image MIME type (e.g. \'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=\'), or an http(s) URL.',
  );
}
