/** Compiles a model-name glob (`*` any run, `?` one character) into an anchored RegExp. */
export function compileGlob(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

/** True when the pattern has glob characters. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
