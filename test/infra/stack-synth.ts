import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { projectRoot } from '#infra/local/config.ts';
import { SwitchboardStack, type SwitchboardStackProps } from '#infra/stack/switchboard-stack.ts';
import type { Topology } from '#infra/topology/types.ts';

export interface Synthesized {
  readonly app: App;
  readonly stack: SwitchboardStack;
  readonly template: Template;
}

/**
 * Builds the stack for a topology as `npm run synth` does (cdk-nag AwsSolutions registered),
 * but without bundling, so template tests stay fast and need no esbuild run per function.
 */
export function synthesize(
  topology: Topology,
  props: Partial<Omit<SwitchboardStackProps, 'topology' | 'projectRoot'>> = {},
  stackName = 'Switchboard',
): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new SwitchboardStack(app, stackName, { topology, projectRoot, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}
