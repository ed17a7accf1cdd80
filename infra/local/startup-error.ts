/** A start-up failure whose message already tells the user what to do; printed as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}
