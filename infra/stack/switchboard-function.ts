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
}

/**
 * The one way Switchboard builds a Lambda function: Node 24 on ARM64, minified ESM with source
 * maps, its own log group with retention, and a role that starts with nothing but the right to
 * write to that log group (callers grant the rest, resource by resource).
 */
export class SwitchboardFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

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
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        keepNames: true,
        metafile: true,
        mainFields: ['module', 'main'],
        // The Lambda runtime provides the AWS SDK v3; bundling it would add ~0.5 MB per client.
        externalModules: ['@aws-sdk/*'],
      },
    });
  }
}
