/**
 * fast-check arbitraries shared by the break-it suites: hostile JSON, near-valid events made by
 * editing real fixtures, and the run count. `BREAK_IT_RUNS` raises the number of generated cases
 * per property (default 200, sized for `npm test` on a 2-core machine); `FC_SEED` replays a run.
 */
import fc from 'fast-check';

export const breakItRuns = Number(process.env.BREAK_IT_RUNS) || 200;

/** fast-check's parameters for every property: the run count and, when given, the seed. */
export const propertyParameters = (runsShare = 1): fc.Parameters<unknown> => ({
  numRuns: Math.max(10, Math.round(breakItRuns * runsShare)),
  ...(process.env.FC_SEED && { seed: Number(process.env.FC_SEED) }),
});

/** Strings a parser is most likely to mistake for something else. */
export const trickyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    '__proto__',
    'constructor',
    'toString',
    'DialogCodeHook',
    'FulfillmentCodeHook',
    'Speech',
    'DTMF',
    'Text',
    'pl_PL',
    'zh-CN',
    'turn',
    'poll',
    'ended',
    'yes',
    'Confirmed',
    '+48500100200',
    '<speak>',
    '\u0000',
    '\ud800',
    '😀',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant('x'.repeat(20_000)),
);

/** Any JSON value, its strings and keys drawn from the tricky ones. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, 12345),
    trickyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** JSON nested `depth` levels deep, as text (the parser's recursion is the target). */
export const deeplyNestedJson = fc
  .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) =>
    open === '['
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${open.repeat(depth)}1${'}'.repeat(depth)}`,
  );

type Path = readonly (string | number)[];
type Container = Record<string | number, unknown>;

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) =>
    paths(child, [...prefix, Array.isArray(value) ? Number(key) : key]),
  );
  return [prefix, ...children];
}

function replaced(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (value === null || typeof value !== 'object') return value;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Container;
  if (rest.length === 0 && remove) {
    delete copy[head];
    return copy;
  }
  copy[head] = replaced(copy[head], rest, replacement, remove);
  return copy;
}

/**
 * A real event with a few nodes replaced or removed: close enough to pass the first checks, so
 * the deeper branches of a parser get exercised too.
 */
export function nearlyValid(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(fc.tuple(fc.nat(), hostileJson, fc.boolean()), { maxLength: 4 }),
    )
    .map(([seedIndex, edits]) => {
      let event = structuredClone(seeds[seedIndex]);
      for (const [pick, replacement, remove] of edits) {
        const candidates = paths(event);
        const path = candidates[pick % candidates.length] ?? [];
        event = replaced(event, path, replacement, remove && path.length > 0);
      }
      return event;
    });
}

/** Mostly near-valid events, some pure noise. */
export const channelInput = (seeds: readonly unknown[]) =>
  fc.oneof({ weight: 3, arbitrary: nearlyValid(seeds) }, { weight: 1, arbitrary: hostileJson });
