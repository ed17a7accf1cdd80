import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

const importsOf = (file: string): string[] =>
  [
    ...readFileSync(join(root, file), 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\('([^']+)'\)/g),
  ].map((match) => match[1] ?? match[2] ?? '');

describe('layering', () => {
  it.each(['shared', 'functions'])('nothing under %s/ imports infra/ or test/', (folder) => {
    const offending = sourceFiles(folder).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /^#(infra|test)\/|(^|\/)(infra|test)\//.test(specifier))
        .map((specifier) => `${relative(root, join(root, file))}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
