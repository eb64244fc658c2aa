const compiled = new Map<string, RegExp>();

/** True when `value` equals `pattern`, or matches it as a glob where `*` is any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  let expression = compiled.get(pattern);
  if (!expression) {
    const source = pattern
      .split('*')
      .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    expression = new RegExp(`^${source}$`, 's');
    compiled.set(pattern, expression);
  }
  return expression.test(value);
}
