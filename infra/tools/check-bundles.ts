/**
 * `npm run check-bundles` (after `npm run synth`): loads every function bundle in `cdk.out` the
 * way Lambda would — a fresh Node process, ESM, the function's own environment — and checks it
 * exports `handler`. A bundling break (a missing external, a CommonJS-only import, a top-level
 * await that throws) then fails CI instead of the first invocation after a deploy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface LambdaResource {
  readonly Type: string;
  readonly Properties: {
    readonly Code?: { readonly S3Key?: unknown };
    readonly Handler?: string;
    readonly Environment?: { readonly Variables?: Record<string, unknown> };
    readonly Description?: string;
  };
}

const outDir = path.resolve(process.argv[2] ?? 'cdk.out');
const templates = existsSync(outDir)
  ? readdirSync(outDir).filter((file) => file.endsWith('.template.json'))
  : [];
if (templates.length === 0) {
  console.error(`No templates in ${outDir}: run npm run synth first`);
  process.exit(1);
}

/**
 * Values CloudFormation would fill in (table names, queue URLs) become placeholders, and every
 * AWS endpoint a closed local port, so the init phase's warm-up fails at once and offline.
 */
const offline = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'check-bundles',
  AWS_SECRET_ACCESS_KEY: 'check-bundles',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  PATH: process.env.PATH ?? '',
};

const probe = `
const module = await import(process.argv[1]);
if (typeof module.handler !== 'function') {
  console.error('exports no handler function');
  process.exit(2);
}`;

let failures = 0;
let checked = 0;
for (const template of templates) {
  const resources = JSON.parse(readFileSync(path.join(outDir, template), 'utf8')).Resources as
    | Record<string, LambdaResource>
    | undefined;
  for (const [id, resource] of Object.entries(resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const key = resource.Properties.Code?.S3Key;
    const bundle =
      typeof key === 'string'
        ? path.join(outDir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs')
        : undefined;
    if (!bundle || !existsSync(bundle)) continue;
    const variables = Object.fromEntries(
      Object.entries(resource.Properties.Environment?.Variables ?? {}).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : `https://placeholder.invalid/${name}`,
      ]),
    );
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '--eval', probe, pathToFileURL(bundle).href],
      { env: { ...variables, ...offline }, encoding: 'utf8', timeout: 60_000 },
    );
    checked += 1;
    const label = resource.Properties.Description ?? id;
    if (run.status === 0) {
      console.log(`ok   ${label}`);
    } else {
      failures += 1;
      console.error(`FAIL ${label} (${bundle})\n${run.stderr || run.error?.message || ''}`);
    }
  }
}
if (checked === 0) {
  console.error(`No bundled functions in ${outDir}: was the stack synthesized with bundling?`);
  process.exit(1);
}
console.log(`${checked - failures}/${checked} bundles load on Node ${process.versions.node}`);
process.exit(failures > 0 ? 1 : 0);
