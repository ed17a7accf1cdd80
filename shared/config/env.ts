/** A variable the stack (or the local runtime) always sets; missing means a broken deployment. */
export function requiredEnv(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const value = env[name];
  if (!value) {
    throw new Error(`${env.AWS_LAMBDA_FUNCTION_NAME ?? 'switchboard'}: ${name} is not set`);
  }
  return value;
}
