/**
 * The one redaction function. It removes every configured secret by its exact value (and the
 * URL-encoded and JSON-escaped forms of it) plus anything shaped like a well-known API key, from
 * any text that leaves Lifeline or is kept: error messages to clients, log lines, stored incident
 * and webhook text. It depends on nothing, so errors, protocols, providers, the logger, the store
 * and the notifier can all import it.
 */

/** What a secret is replaced with: a fixed marker, nothing of the secret. */
export const REDACTED = '[redacted]';

/**
 * Shortest secret redacted by value. A shorter one (a 3-character test key, `ollama`) would turn
 * every occurrence of common text into the marker; such values are not secrets worth the name,
 * and the key-shape patterns below still apply to them.
 */
export const MIN_REDACTED_SECRET_LENGTH = 8;

/**
 * Key shapes providers issue, redacted whole (prefix included) even when not configured: a
 * provider may echo a key it was sent by someone else, or an old one.
 */
const PREFIXED_KEY_SHAPES = [
  String.raw`\b(?:sk|xai)-[A-Za-z0-9_-]{12,}`, // OpenAI, Anthropic (sk-ant-…), OpenRouter (sk-or-…), DeepSeek, xAI
  String.raw`\bgsk_[A-Za-z0-9_-]{12,}`, // Groq
  String.raw`\bAIza[A-Za-z0-9_-]{30,}`, // Google
  // Lifeline's own client keys: stored as hashes, so most are never known by value to redact.
  String.raw`\bll-[A-Za-z0-9_-]{20,}`,
  // A JWT (Microsoft Entra ID and Google access tokens): issued at run time, never configured.
  String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+`,
];
/** A bearer token after its word, which stays. */
const BEARER_TOKEN = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{12,}/gi;
/** A key the provider masked itself ("sk-abc****************wxyz"): its ends are still the key's. */
const MASKED_KEY = /\b[A-Za-z0-9_-]{2,}\*{4,}[A-Za-z0-9_-]{2,}\b/g;

/** How many registrations hold each secret (two Lifelines in one process may share a key). */
const registered = new Map<string, number>();
let compiled: RegExp | undefined;

/**
 * Adds secrets to redact by value; returns the function that removes them again (a closing
 * instance calls it). Values shorter than {@link MIN_REDACTED_SECRET_LENGTH} are ignored.
 * This is the hook for every kind of secret: provider keys, the admin token and webhook secrets
 * are registered at start; client keys can be registered the same way when they exist.
 * @example
 * const release = registerSecrets([config.admin.token, ...providerKeys]);
 * // ... on close:
 * release();
 */
export function registerSecrets(secrets: Iterable<string | undefined>): () => void {
  const added = [...new Set([...secrets].filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_REDACTED_SECRET_LENGTH))];
  for (const secret of added) registered.set(secret, (registered.get(secret) ?? 0) + 1);
  if (added.length > 0) compiled = undefined;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const secret of added) {
      const count = (registered.get(secret) ?? 1) - 1;
      if (count > 0) registered.set(secret, count);
      else registered.delete(secret);
    }
    if (added.length > 0) compiled = undefined;
  };
}

/**
 * `text` with every registered secret (and its URL-encoded and JSON-escaped forms) and every
 * key-shaped string replaced by {@link REDACTED}. Safe on JSON text: the marker needs no escaping.
 */
export function redactSecrets(text: string): string {
  compiled ??= compile();
  // With no match, replace() hands back `text` itself: nothing is allocated in the common case.
  let redacted = text.replace(compiled, REDACTED);
  // These two cost more per character than all the rest together (measured: 0.8 and 1.7 µs on a
  // 330-byte log line, against 0.2 µs), so they run only on text that can hold them.
  if (redacted.includes('earer')) redacted = redacted.replace(BEARER_TOKEN, `$1${REDACTED}`);
  if (redacted.includes('****')) redacted = redacted.replace(MASKED_KEY, REDACTED);
  return redacted;
}

/** Longest secret {@link redactedPrefix} is exact for; real keys are a few hundred characters at most. */
const MAX_SECRET_CHARS = 1_024;

/**
 * The first `maxChars` characters of `text`, redacted before the cut: a key cut in two would no
 * longer be recognised. Reads only as much of a long text as it needs.
 */
export function redactedPrefix(text: string, maxChars: number): string {
  for (let windowChars = maxChars + MAX_SECRET_CHARS; ; windowChars *= 2) {
    if (windowChars >= text.length) return redactSecrets(text).slice(0, maxChars);
    const redacted = redactSecrets(text.slice(0, windowChars));
    // A secret cut by the window's edge lies wholly within the last MAX_SECRET_CHARS characters;
    // when markers shrank the text so much that those reach into the part kept, read more.
    if (redacted.length >= maxChars + MAX_SECRET_CHARS) return redacted.slice(0, maxChars);
  }
}

function compile(): RegExp {
  const forms = new Set<string>();
  for (const secret of registered.keys()) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first: an escaped form must win over the raw secret it starts with.
  const literals = [...forms].sort((left, right) => right.length - left.length).map(escapeRegExp);
  return new RegExp([...literals, ...PREFIXED_KEY_SHAPES].join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
