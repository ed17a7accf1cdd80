/**
 * The root of Switchboard's own errors. Each subclass names itself with a literal (bundles are
 * minified, and logs carry only `error.name`) and keeps the error it wraps as `cause`, so nothing
 * is lost between where a failure starts and where it is reported.
 */
export class SwitchboardError extends Error {
  override readonly name: string = 'SwitchboardError';
}
