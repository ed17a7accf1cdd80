import { SwitchboardError } from '#shared/errors.ts';

/**
 * The one way code reads a secret. Values are cached by the adapters; `forceRefresh` is for the
 * re-read after a 401, so a rotated credential works without a deploy.
 */
export interface SecretsProvider {
  get(name: string, options?: { readonly forceRefresh?: boolean }): Promise<unknown>;
}

export class SecretNotFoundError extends SwitchboardError {
  override readonly name = 'SecretNotFoundError';
}
