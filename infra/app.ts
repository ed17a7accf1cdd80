import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SwitchboardStack } from './stack/switchboard-stack.ts';
import { switchboardTopology } from './topology/switchboard.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/** `-c partnerBaseUrls='{"shop":"https://shop.example.com/api"}'` or an object in cdk.json. */
function partnerBaseUrls(): Record<string, string> | undefined {
  const value: unknown = app.node.tryGetContext('partnerBaseUrls');
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (parsed === undefined || parsed === null) return undefined;
  if (typeof parsed !== 'object' || Object.values(parsed).some((url) => typeof url !== 'string')) {
    throw new Error('partnerBaseUrls must map partner names to URLs');
  }
  return parsed as Record<string, string>;
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

new SwitchboardStack(app, context('stackName') ?? 'Switchboard', {
  topology: switchboardTopology,
  projectRoot: fileURLToPath(new URL('..', import.meta.url)),
  lexBotAliasArn: context('lexBotAliasArn'),
  connectInstanceArn: context('connectInstanceArn'),
  partnerBaseUrls: partnerBaseUrls(),
  description: 'Switchboard: voice and chat bots connected to partner systems',
});
