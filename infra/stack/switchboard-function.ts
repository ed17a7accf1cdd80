import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../topology/types.ts';

export interface SwitchboardFunctionProps {
  readonly spec: FunctionSpec;
  readonly environment: Record<string, string>;
  /** Repository root, where `spec.entry` and the lock file are. */
  readonly projectRoot: string;
  readonly logRetention: logs.RetentionDays;
  /** Concurrency kept for this function alone, so other functions cannot starve it. */
  readonly reservedConcurrency?: number;
  /**
   * Publish each deployment as a version behind the alias `live`, which callers invoke, so that
   * CodeDeploy can shift traffic to a new version gradually and back again.
   */
  readonly publishLive?: boolean;
}

/** The alias every caller of a published function invokes. */
export const liveAliasName = 'live';

/**
 * The one way Switchboard builds a Lambda function: Node 24 on ARM64, minified ESM with source
 * maps, its own log group with retention, and a role that starts with nothing but the right to
 * write to that log group (callers grant the rest, resource by resource).
 */
export class SwitchboardFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** `live`, when published; callers invoke it rather than the unqualified function. */
  readonly live?: lambda.Alias;

  constructor(scope: Construct, id: string, props: SwitchboardFunctionProps) {
    super(scope, id);
    const { spec } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${spec.name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      description: spec.description,
      entry: path.join(props.projectRoot, spec.entry),
      handler: spec.handler ?? 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      ...(props.reservedConcurrency !== undefined && {
        reservedConcurrentExecutions: props.reservedConcurrency,
      }),
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        keepNames: true,
        // No metafile: it records absolute paths, so the same commit built in two checkouts
        // would get different asset hashes and redeploy every function.
        metafile: false,
        mainFields: ['module', 'main'],
        // The Lambda runtime provides the AWS SDK v3; bundling it would add ~0.5 MB per client.
        externalModules: ['@aws-sdk/*'],
      },
    });

    if (props.publishLive) {
      this.live = new lambda.Alias(this, 'Live', {
        aliasName: liveAliasName,
        version: this.function.currentVersion,
      });
    }
  }

  /** What callers invoke: the `live` alias when published, else the function itself. */
  get invocable(): lambda.IFunction {
    return this.live ?? this.function;
  }
}
