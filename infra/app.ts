import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { partners } from '#shared/partners/index.ts';
import { sensitiveSlots, skills } from '#shared/skills/index.ts';
import { ContextError, readDeployContext } from './context.ts';
import { SwitchboardStack } from './stack/switchboard-stack.ts';
import { switchboardTopology } from './topology/switchboard.ts';

const app = new App();

let context: ReturnType<typeof readDeployContext>;
try {
  context = readDeployContext((key) => app.node.tryGetContext(key), {
    partners: partners.map((partner) => partner.name),
    queues: switchboardTopology.functions.flatMap((fn) =>
      fn.eventSource ? [fn.eventSource.queue] : [],
    ),
  });
} catch (error) {
  if (!(error instanceof ContextError)) throw error;
  // One line, not a stack trace: the person fixing `-c key=value` needs only this.
  console.error(error.message);
  process.exit(1);
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

new SwitchboardStack(app, context.stackName, {
  topology: switchboardTopology,
  projectRoot: fileURLToPath(new URL('..', import.meta.url)),
  ...(context.lexBot && {
    lexBot: { skills: Object.values(skills), sensitiveSlots },
  }),
  lexBotAliasArn: context.lexBotAliasArn,
  connectInstanceArn: context.connectInstanceArn,
  connectQueueArn: context.connectQueueArn,
  alarmEmail: context.alarmEmail,
  chatAllowedOrigins: context.chatAllowedOrigins,
  voiceReservedConcurrency: context.voiceReservedConcurrency,
  queueMaxConcurrency: context.queueMaxConcurrency,
  canary: context.canary,
  partnerBaseUrls: context.partnerBaseUrls,
  webhookSourceCidrs: context.webhookSourceCidrs,
  description: 'Switchboard: voice and chat bots connected to partner systems',
});
