import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signStandardWebhook, verifyWebhook } from '#shared/webhooks/index.ts';

// Independent of the implementation, so a shared bug cannot make both sides agree.
function referenceSign(key: Buffer, id: string, timestamp: number | string, body: string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}
const keyOf = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

const officialVectors = [
  {
    name: 'A (JS/Python/Go/Ruby/PHP/C# libraries)',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  },
  {
    name: 'B (Rust library)',
    secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk',
    timestamp: 1649367553,
    body: '{"email":"test@example.com","username":"test_user"}',
    signature: 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=',
  },
  {
    name: 'C (svix-docs, 18-byte key)',
    secret: 'whsec_plJ3nmyCDGBKInavdOK15jsl',
    id: 'msg_loFOjxBNrRLzqYUf',
    timestamp: 1731705121,
    body: '{"event_type":"ping","data":{"success":true}}',
    signature: 'v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=',
  },
];

const current = 'whsec_b2xt9yhzKmcJpLnLKGEPrphuXkAnzyezMFkbUsxvLyc=';
const previous = 'whsec_poHrgdS466gnNA5m9gZou7cnYSDgCfI4mt8A5b4qXlU=';
const unrelated = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const id = 'msg_2Zq7cYk3TQm9xWb1LhV0pR4sNdE';
const timestamp = 1763700000;
const body =
  '{"type":"call.completed","timestamp":"2025-11-21T04:39:58.120Z","data":{"call_id":"call_01HZX3Q9","from":"+15550100","to":"+15550199","duration_s":42}}';
const currentSignature = 'v1,leiXFW4h+NbmN/FNozyUNH+I4U/10Odk3sJbmLbSk+E=';
const previousSignature = 'v1,+mP5q7kS3lFv/ThFA/PH5w7Mb66kajbsGrVWWVW/uxo=';
const at = (seconds: number) => new Date(seconds * 1000);

function verify(
  overrides: {
    secrets?: string[];
    headers?: Record<string, string | string[] | undefined>;
    rawBody?: string | Buffer;
    now?: Date;
  } = {},
) {
  return verifyWebhook({
    scheme: 'standard-webhooks',
    secrets: overrides.secrets ?? [current],
    headers: overrides.headers ?? {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': currentSignature,
    },
    rawBody: overrides.rawBody ?? body,
    now: overrides.now ?? at(timestamp),
  });
}

function signedAt(signedTimestamp: number, secret = current) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(signedTimestamp),
    'webhook-signature': referenceSign(keyOf(secret), id, signedTimestamp, body),
  };
}

describe('Standard Webhooks official vectors', () => {
  it.each(officialVectors)('accepts vector $name', (vector) => {
    const result = verifyWebhook({
      scheme: 'standard-webhooks',
      secrets: [vector.secret],
      headers: {
        'webhook-id': vector.id,
        'webhook-timestamp': String(vector.timestamp),
        'webhook-signature': vector.signature,
      },
      rawBody: vector.body,
      now: at(vector.timestamp),
    });
    expect(result).toEqual({ valid: true });
  });

  it.each(officialVectors)('signStandardWebhook reproduces vector $name exactly', (vector) => {
    expect(
      signStandardWebhook({
        secret: vector.secret,
        id: vector.id,
        timestamp: at(vector.timestamp),
        body: vector.body,
      }),
    ).toEqual({
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': vector.signature,
    });
  });

  it('skips the v1a entry of the spec example header and still finds the v1 one', () => {
    const [vectorA] = officialVectors;
    if (!vectorA) throw new Error('vector A missing');
    const v1a =
      'v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==';
    const headers = {
      'webhook-id': vectorA.id,
      'webhook-timestamp': String(vectorA.timestamp),
    };
    const now = at(vectorA.timestamp);
    const both = `${v1a} ${vectorA.signature}`;
    const base = {
      scheme: 'standard-webhooks' as const,
      secrets: [vectorA.secret],
      rawBody: vectorA.body,
    };
    expect(
      verifyWebhook({ ...base, headers: { ...headers, 'webhook-signature': both }, now }),
    ).toEqual({ valid: true });
    expect(
      verifyWebhook({ ...base, headers: { ...headers, 'webhook-signature': v1a }, now }),
    ).toEqual({ valid: false, reason: 'bad-signature' });
  });
});

describe('Standard Webhooks worked example', () => {
  it('accepts the worked example', () => {
    expect(verify()).toEqual({ valid: true });
  });

  it('accepts the body as a Buffer as well as a string', () => {
    expect(verify({ rawBody: Buffer.from(body, 'utf8') })).toEqual({ valid: true });
  });

  it('accepts mixed-case and upper-case header names', () => {
    const headers = {
      'Webhook-Id': id,
      'WEBHOOK-TIMESTAMP': String(timestamp),
      'webhook-Signature': currentSignature,
    };
    expect(verify({ headers })).toEqual({ valid: true });
  });

  it('accepts multi-value header arrays (first value wins)', () => {
    const headers = {
      'webhook-id': [id],
      'webhook-timestamp': [String(timestamp)],
      'webhook-signature': [currentSignature],
    };
    expect(verify({ headers })).toEqual({ valid: true });
  });

  it('accepts the secret without the whsec_ prefix and without base64 padding', () => {
    expect(verify({ secrets: [current.slice('whsec_'.length)] })).toEqual({ valid: true });
    expect(verify({ secrets: [current.replace(/=+$/, '')] })).toEqual({ valid: true });
  });

  it('rejects a tampered body', () => {
    expect(verify({ rawBody: body.replace('"duration_s":42', '"duration_s":43') })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects the body re-serialised (indented, or parsed and stringified)', () => {
    const parsed: unknown = JSON.parse(body);
    expect(verify({ rawBody: JSON.stringify(parsed, null, 2) })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    expect(verify({ rawBody: `${body}\n` })).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('rejects a changed webhook-id and a timestamp header moved forward', () => {
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': currentSignature,
    };
    expect(verify({ headers: { ...headers, 'webhook-id': `${id}x` } })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    expect(
      verify({ headers: { ...headers, 'webhook-timestamp': String(timestamp + 60) } }),
    ).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('rejects the wrong secret', () => {
    expect(verify({ secrets: [unrelated] })).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('rejects a signature made with the secret used as UTF-8 (Stripe convention)', () => {
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': referenceSign(Buffer.from(current, 'utf8'), id, timestamp, body),
    };
    expect(verify({ headers })).toEqual({ valid: false, reason: 'bad-signature' });
  });
});

describe('Standard Webhooks timestamp window (±300 s, both directions)', () => {
  it.each([
    ['exactly 300 s old', timestamp - 300, true],
    ['exactly 300 s in the future', timestamp + 300, true],
    ['301 s old', timestamp - 301, false],
    ['301 s in the future', timestamp + 301, false],
    ['a day old', timestamp - 86_400, false],
  ])('%s', (_label, signedTimestamp, accepted) => {
    const result = verify({ headers: signedAt(signedTimestamp), now: at(timestamp) });
    expect(result).toEqual(
      accepted ? { valid: true } : { valid: false, reason: 'stale-timestamp' },
    );
  });

  it('uses whole seconds of `now` (300.999 s old is still within the window)', () => {
    const now = new Date((timestamp + 300) * 1000 + 999);
    expect(verify({ now })).toEqual({ valid: true });
  });

  it('reports a forged stale delivery as bad-signature, not stale-timestamp', () => {
    const headers = { ...signedAt(timestamp - 1000, unrelated) };
    expect(verify({ headers })).toEqual({ valid: false, reason: 'bad-signature' });
  });
});

describe('Standard Webhooks rotation', () => {
  const headersWith = (signature: string) => ({
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  });
  const bothSignatures = `${currentSignature} ${previousSignature}`;

  it('reproduces the rotation header of the worked example', () => {
    expect(
      signStandardWebhook({ secret: [current, previous], id, timestamp: at(timestamp), body })[
        'webhook-signature'
      ],
    ).toBe(bothSignatures);
  });

  it.each([
    ['header has both, receiver knows the new one', bothSignatures, [current], true],
    ['header has both, receiver knows the old one', bothSignatures, [previous], true],
    ['header has both, receiver knows both', bothSignatures, [previous, current], true],
    ['header has both, receiver knows neither', bothSignatures, [unrelated], false],
    ['header has old only, receiver knows both', previousSignature, [current, previous], true],
    ['header has new only, receiver knows both', currentSignature, [previous, current], true],
    ['header has old only, receiver knows new only', previousSignature, [current], false],
    ['header has new only, receiver knows old only', currentSignature, [previous], false],
  ])('%s', (_label, signature, secrets, accepted) => {
    const result = verify({ headers: headersWith(signature), secrets });
    expect(result).toEqual(accepted ? { valid: true } : { valid: false, reason: 'bad-signature' });
  });

  it('tolerates extra spaces between entries', () => {
    const headers = headersWith(`  ${previousSignature}   ${currentSignature} `);
    expect(verify({ headers })).toEqual({ valid: true });
  });
});

describe('Standard Webhooks malformed input', () => {
  const good = {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': currentSignature,
  };

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('missing %s', (name) => {
    const headers: Record<string, string | undefined> = { ...good, [name]: undefined };
    expect(verify({ headers })).toEqual({ valid: false, reason: 'missing-header' });
  });

  it.each(['1763700000.5', '1763700000abc', '1.7637e9', '-1763700000', ' 1763700000', '', 'now'])(
    'non-integer timestamp %j',
    (badTimestamp) => {
      const headers = { ...good, 'webhook-timestamp': badTimestamp };
      expect(verify({ headers })).toEqual({ valid: false, reason: 'malformed-header' });
    },
  );

  it('an empty or blank signature header is malformed', () => {
    expect(verify({ headers: { ...good, 'webhook-signature': '' } })).toEqual({
      valid: false,
      reason: 'malformed-header',
    });
    expect(verify({ headers: { ...good, 'webhook-signature': '   ' } })).toEqual({
      valid: false,
      reason: 'malformed-header',
    });
  });

  it.each([
    ['empty v1,', 'v1,'],
    ['truncated', currentSignature.slice(0, -4)],
    ['v2 only', currentSignature.replace('v1,', 'v2,')],
    ['no version', currentSignature.slice('v1,'.length)],
    ['upper-case version', currentSignature.replace('v1,', 'V1,')],
    ['padding stripped', currentSignature.replace(/=$/, '')],
    [
      'hex instead of base64',
      `v1,${Buffer.from(currentSignature.slice(3), 'base64').toString('hex')}`,
    ],
  ])('%s is a bad signature', (_label, signature) => {
    expect(verify({ headers: { ...good, 'webhook-signature': signature } })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('reports no-secrets when nothing usable is configured', () => {
    expect(verify({ secrets: [] })).toEqual({ valid: false, reason: 'no-secrets' });
    expect(verify({ secrets: [''] })).toEqual({ valid: false, reason: 'no-secrets' });
  });

  it('skips a secret that decodes to no key instead of signing with an empty key', () => {
    const emptyKeyMac = referenceSign(Buffer.alloc(0), id, timestamp, body);
    const headers = { ...good, 'webhook-signature': emptyKeyMac };
    expect(verify({ headers, secrets: ['whsec_'] })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });
});

describe('signStandardWebhook', () => {
  it('round-trips through verifyWebhook with string and Buffer bodies', () => {
    for (const signedBody of [body, Buffer.from(body, 'utf8')]) {
      const headers = signStandardWebhook({
        secret: current,
        id: 'msg_roundtrip',
        timestamp: at(timestamp),
        body: signedBody,
      });
      expect(
        verifyWebhook({
          scheme: 'standard-webhooks',
          secrets: [current],
          headers,
          rawBody: body,
          now: at(timestamp + 10),
        }),
      ).toEqual({ valid: true });
    }
  });

  it('truncates the Date to whole seconds', () => {
    const headers = signStandardWebhook({
      secret: current,
      id,
      timestamp: new Date(timestamp * 1000 + 999),
      body,
    });
    expect(headers['webhook-timestamp']).toBe(String(timestamp));
    expect(headers['webhook-signature']).toBe(currentSignature);
  });

  it('refuses to sign without a secret, an id or a valid date', () => {
    expect(() => signStandardWebhook({ secret: [], id, timestamp: at(timestamp), body })).toThrow(
      TypeError,
    );
    expect(() =>
      signStandardWebhook({ secret: current, id: '', timestamp: at(timestamp), body }),
    ).toThrow(TypeError);
    expect(() =>
      signStandardWebhook({ secret: current, id, timestamp: new Date(Number.NaN), body }),
    ).toThrow(TypeError);
  });
});
