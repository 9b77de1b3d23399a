/** The SandboxRuntime port; the composition root (RuntimeModule) binds the adapter. */
export const SANDBOX_RUNTIME = Symbol('SANDBOX_RUNTIME');
/** The image kit as the runtime sees it; its keys are the allowlist the catalog checks against. */
export const IMAGE_RESOLVER = Symbol('IMAGE_RESOLVER');
