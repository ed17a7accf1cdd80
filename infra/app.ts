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

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

new SwitchboardStack(app, context('stackName') ?? 'Switchboard', {
  topology: switchboardTopology,
  projectRoot: fileURLToPath(new URL('..', import.meta.url)),
  lexBotAliasArn: context('lexBotAliasArn'),
  connectInstanceArn: context('connectInstanceArn'),
  description: 'Switchboard: voice and chat bots connected to partner systems',
});
