import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '#shared/webhooks/index.ts';

type Params = Record<string, string | string[]>;

function formBody(params: Params): string {
  const form = new URLSearchParams();
  for (const [name, values] of Object.entries(params)) {
    for (const value of [values].flat()) form.append(name, value);
  }
  return form.toString();
}

// Independent signer straight from the reference: URL, then sorted name+value, HMAC-SHA1, base64.
function referenceSign(token: string, data: string): string {
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

function verify(input: { token: string; url: string; body: string | Buffer; signature?: string }) {
  return verifyWebhook({
    scheme: 'twilio',
    secrets: [input.token],
    headers: input.signature === undefined ? {} : { 'X-Twilio-Signature': input.signature },
    rawBody: input.body,
    url: input.url,
  });
}

const officialToken = '12345';
const officialUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const officialParams = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const jsonBody = '{"property": "value", "boolean": true}';
const jsonBodyHash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';

describe('Twilio official vectors (twilio-node spec and twilio docs)', () => {
  it.each([
    ['form params', officialUrl, formBody(officialParams), 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    [
      'docs example',
      officialUrl,
      formBody({ ...officialParams, Caller: '+12349013030', From: '+12349013030' }),
      '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
    ],
    [
      'JSON body with bodySHA256',
      `${officialUrl}&bodySHA256=${jsonBodyHash}`,
      jsonBody,
      'a9nBmqA0ju/hNViExpshrM61xv4=',
    ],
    [
      'JSON body {} with bodySHA256',
      `${officialUrl}&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a`,
      '{}',
      'Ldidvp12m26NI7eqEvxnEpkd9Hc=',
    ],
    [
      'signed with :443 added, received without port',
      officialUrl,
      formBody(officialParams),
      'kvajT1Ptam85bY51eRf/AJRuM3w=',
    ],
    [
      'http, signed with :80 added',
      officialUrl.replace('https', 'http'),
      formBody(officialParams),
      '0ZXoZLH/DfblKGATFgpif+LLRf4=',
    ],
    [
      'special characters in the query',
      `${officialUrl}&Body=It's+amazing`,
      formBody(officialParams),
      'dsq4Ehbj6cs+KdTkpF5sSSplOWw=',
    ],
    [
      'repeated name, values in either order',
      officialUrl,
      formBody({ 'MessagingBinding.Address': ['+1415xxxxxxx', '+1325xxxxxxx'] }),
      '83O6e2vORAoJHUNzJjDWN1jz+BA=',
    ],
    [
      'repeated name with a duplicated value (counted once)',
      officialUrl,
      formBody({ Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] }),
      'IK+Dwps556ElfBT0I3Rgjkr1wJU=',
    ],
  ])('%s', (_label, url, body, signature) => {
    expect(verify({ token: officialToken, url, body, signature })).toEqual({ valid: true });
  });
});

describe('Twilio worked example (status callback behind our custom domain)', () => {
  const token = 'acceptancetwilioauthtoken0123456';
  const url = 'https://hooks.example.com/twilio/voice/status';
  const params = {
    AccountSid: 'AC00000000000000000000000000000001',
    ApiVersion: '2010-04-01',
    CallSid: 'CA00000000000000000000000000000abc',
    CallStatus: 'completed',
    CallDuration: '42',
    Direction: 'inbound',
    From: '+15550100',
    To: '+15550199',
  };
  const body = formBody(params);
  const signature = 'MXaRByEegRR76r3KETZW18V5zVI=';

  it('accepts it, as string or Buffer body, with any header casing', () => {
    expect(verify({ token, url, body, signature })).toEqual({ valid: true });
    expect(verify({ token, url, body: Buffer.from(body), signature })).toEqual({ valid: true });
    const result = verifyWebhook({
      scheme: 'twilio',
      secrets: [token],
      headers: { 'x-twilio-signature': signature },
      rawBody: body,
      url,
    });
    expect(result).toEqual({ valid: true });
  });

  it('matches the reference signed string', () => {
    const signed =
      'https://hooks.example.com/twilio/voice/statusAccountSidAC00000000000000000000000000000001ApiVersion2010-04-01CallDuration42CallSidCA00000000000000000000000000000abcCallStatuscompletedDirectioninboundFrom+15550100To+15550199';
    expect(referenceSign(token, signed)).toBe(signature);
  });

  it('accepts the URL with the default :443 port', () => {
    const withPort = 'https://hooks.example.com:443/twilio/voice/status';
    expect(verify({ token, url: withPort, body, signature })).toEqual({ valid: true });
  });

  it('does not depend on the order of the params in the body', () => {
    const reordered = formBody(Object.fromEntries(Object.entries(params).reverse()));
    expect(reordered).not.toBe(body);
    expect(verify({ token, url, body: reordered, signature })).toEqual({ valid: true });
  });

  it('rejects a signature made over the params in arrival order instead of sorted', () => {
    const unsorted =
      url +
      Object.entries(params)
        .map(([name, value]) => name + value)
        .join('');
    expect(verify({ token, url, body, signature: referenceSign(token, unsorted) })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it.each([
    ['http instead of https', url.replace('https://', 'http://')],
    ['base-path prefix dropped', 'https://hooks.example.com/voice/status'],
    ['trailing slash added', `${url}/`],
    ['query string added', `${url}?x=1`],
    ['a non-default port', 'https://hooks.example.com:8443/twilio/voice/status'],
    ['another host', 'https://hooks.example.org/twilio/voice/status'],
  ])('rejects a different URL: %s', (_label, otherUrl) => {
    expect(verify({ token, url: otherUrl, body, signature })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it.each([
    ['a param changed', formBody({ ...params, CallStatus: 'failed' })],
    ['a param missing', formBody({ ...params, CallDuration: [] })],
    ['a param added', formBody({ ...params, Extra: '1' })],
    ['a value repeated differently', formBody({ ...params, Direction: ['inbound', 'outbound'] })],
    ['+ sent unencoded (decodes to a space)', body.replaceAll('%2B', '+')],
  ])('rejects %s', (_label, otherBody) => {
    expect(verify({ token, url, body: otherBody, signature })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('accepts byte changes that decode to the same params (Twilio signs decoded values)', () => {
    expect(body).toContain('%2B');
    expect(verify({ token, url, body: body.replaceAll('%2B', '%2b'), signature })).toEqual({
      valid: true,
    });
  });

  it('rejects the wrong token and accepts rotation through the secrets list', () => {
    expect(verify({ token: 'wrongtoken', url, body, signature })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    const result = verifyWebhook({
      scheme: 'twilio',
      secrets: ['newtoken', token],
      headers: { 'X-Twilio-Signature': signature },
      rawBody: body,
      url,
    });
    expect(result).toEqual({ valid: true });
  });

  it('missing and empty signature header, missing URL', () => {
    expect(verify({ token, url, body })).toEqual({ valid: false, reason: 'missing-header' });
    expect(verify({ token, url, body, signature: '' })).toEqual({
      valid: false,
      reason: 'malformed-header',
    });
    const withoutUrl = verifyWebhook({
      scheme: 'twilio',
      secrets: [token],
      headers: { 'X-Twilio-Signature': signature },
      rawBody: body,
    });
    expect(withoutUrl).toEqual({ valid: false, reason: 'invalid-input' });
    expect(verify({ token, url: 'not a url', body, signature })).toEqual({
      valid: false,
      reason: 'invalid-input',
    });
  });
});

describe('Twilio behind an API Gateway stage (self-computed)', () => {
  const token = 'stagetoken0123456789abcdef012345';
  const url = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/webhooks/demo?tenant=a';
  const body = formBody({ CallSid: 'CA1', CallStatus: 'ringing', From: '+15550100' });
  const signature = referenceSign(token, `${url}CallSidCA1CallStatusringingFrom+15550100`);

  it('accepts the URL including the stage and query', () => {
    expect(verify({ token, url, body, signature })).toEqual({ valid: true });
  });

  it('accepts it when Twilio signed the URL with :443', () => {
    const signedWithPort = referenceSign(
      token,
      `${url.replace('.com/', '.com:443/')}CallSidCA1CallStatusringingFrom+15550100`,
    );
    expect(verify({ token, url, body, signature: signedWithPort })).toEqual({ valid: true });
  });

  it('rejects the URL without the stage or without the query', () => {
    for (const otherUrl of [url.replace('/prod', ''), url.replace('?tenant=a', '')]) {
      expect(verify({ token, url: otherUrl, body, signature })).toEqual({
        valid: false,
        reason: 'bad-signature',
      });
    }
  });
});

describe('Twilio JSON bodies (bodySHA256)', () => {
  const url = `${officialUrl}&bodySHA256=${jsonBodyHash}`;
  const signature = 'a9nBmqA0ju/hNViExpshrM61xv4=';

  it('the vector hash is the SHA-256 of the body', () => {
    expect(createHash('sha256').update(jsonBody).digest('hex')).toBe(jsonBodyHash);
  });

  it('rejects a tampered or re-serialised body even though the URL signature matches', () => {
    for (const body of [jsonBody.replace('value', 'other'), JSON.stringify(JSON.parse(jsonBody))]) {
      expect(verify({ token: officialToken, url, body, signature })).toEqual({
        valid: false,
        reason: 'bad-signature',
      });
    }
  });

  it('rejects a changed bodySHA256 in the URL', () => {
    const otherHash = createHash('sha256').update('{}').digest('hex');
    const otherUrl = url.replace(jsonBodyHash, otherHash);
    expect(verify({ token: officialToken, url: otherUrl, body: '{}', signature })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('accepts the URL with :443', () => {
    const withPort = url.replace('.com/', '.com:443/');
    expect(verify({ token: officialToken, url: withPort, body: jsonBody, signature })).toEqual({
      valid: true,
    });
  });
});
