/** A `${VAR}` reference that named an unset variable. */
export interface MissingVariable {
  path: string;
  name: string;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML document. An unset
 * variable without a default becomes '' and is reported, so the caller can say which key lacks it
 * (a provider whose only key is unset is skipped, not fatal).
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, missing: MissingVariable[] = [], path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing.push({ path, name });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substituteEnv(item, env, missing, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteEnv(item, env, missing, path ? `${path}.${key}` : key)]),
    );
  }
  return value;
}
