import { describe, expect, it } from 'vitest';
import { ContextError, readDeployContext } from '#infra/context.ts';

const options = { partners: ['shop', 'crm'], queues: ['events', 'jobs'] };
const read = (context: Record<string, unknown>) =>
  readDeployContext((key) => context[key], options);
const failure = (context: Record<string, unknown>): string => {
  try {
    read(context);
  } catch (error) {
    expect(error).toBeInstanceOf(ContextError);
    return (error as Error).message;
  }
  throw new Error('expected the context to be refused');
};

describe('the deploy context', () => {
  it('has defaults that deploy a stack called Switchboard with a canary and reserved voice concurrency', () => {
    expect(read({})).toEqual({
      stackName: 'Switchboard',
      lexBot: false,
      canary: true,
      voiceReservedConcurrency: 20,
    });
  });

  it('reads command-line strings and cdk.json values alike', () => {
    expect(
      read({
        partnerBaseUrls: '{"shop":"https://shop.example.com/api"}',
        lexBot: 'true',
        canary: false,
        chatAllowedOrigins: 'https://www.example.com',
        voiceReservedConcurrency: 'none',
        queueMaxConcurrency: { jobs: '4' },
      }),
    ).toMatchObject({
      partnerBaseUrls: { shop: 'https://shop.example.com/api' },
      lexBot: true,
      canary: false,
      chatAllowedOrigins: ['https://www.example.com'],
      voiceReservedConcurrency: undefined,
      queueMaxConcurrency: { jobs: 4 },
    });
  });

  it('refuses an unknown partner or a bad URL with one line naming the key', () => {
    const unknown = failure({ partnerBaseUrls: '{"shopp":"not a url"}' });
    expect(unknown).toBe(
      'Context value "partnerBaseUrls" (shopp) unknown partner "shopp" (known: shop, crm)',
    );
    expect(unknown).not.toContain('\n');
    expect(failure({ partnerBaseUrls: '{"shop":"not a url"}' })).toBe(
      'Context value "partnerBaseUrls" (shop) must be an http(s) URL like https://shop.example.com/api',
    );
  });

  it.each([
    [{ lexBotAliasArn: 'bot' }, '"lexBotAliasArn" must be an ARN'],
    [{ alarmEmail: 'oncall' }, '"alarmEmail"'],
    [{ chatAllowedOrigins: 'https://www.example.com/chat' }, '"chatAllowedOrigins"'],
    [{ queueMaxConcurrency: '{"jobz":3}' }, 'unknown queue "jobz"'],
    [{ queueMaxConcurrency: '{"jobs":1}' }, '"queueMaxConcurrency" (jobs)'],
    [{ stackName: 'my stack' }, '"stackName"'],
    [{ webhookSourceCidrs: '{"shop":["10.0.0.0/33"]}' }, 'is not a CIDR block'],
    [{ webhookSourceCidrs: '{"shopp":["10.0.0.0/8"]}' }, 'unknown partner "shopp"'],
    [{ voiceReservedConcurrency: '0' }, '"voiceReservedConcurrency"'],
    [
      { connectInstanceArn: 'arn:aws:connect:eu-west-1:123456789012:instance/abc' },
      '"connectQueueArn" is needed with connectInstanceArn',
    ],
    [
      {
        lexBot: 'true',
        lexBotAliasArn: 'arn:aws:lex:eu-west-1:123456789012:bot-alias/ABC/DEF',
      },
      '"lexBotAliasArn" give either',
    ],
  ])('refuses %j', (context, message) => {
    expect(failure(context)).toContain(message);
  });

  it('accepts a queue of the given Connect instance', () => {
    const instance = 'arn:aws:connect:eu-west-1:123456789012:instance/4f1e2c3d-aaaa';
    expect(
      read({ connectInstanceArn: instance, connectQueueArn: `${instance}/queue/0a1b-22` }),
    ).toMatchObject({ connectQueueArn: `${instance}/queue/0a1b-22` });
    expect(
      failure({
        connectInstanceArn: instance,
        connectQueueArn: 'arn:aws:connect:eu-west-1:123456789012:instance/ffff-0000/queue/0a1b',
      }),
    ).toContain('must be a queue of connectInstanceArn');
  });
});
