/**
 * jose 6 is ESM-only. Loaded at first use rather than at import time, so this library's barrel
 * stays importable where `require` of ESM is unavailable (jest's module system before Node 24.9);
 * under plain Node ≥ 20.19 the compiled `require` loads it natively.
 */
export function loadJose(): Promise<typeof import('jose')> {
  return import('jose');
}
