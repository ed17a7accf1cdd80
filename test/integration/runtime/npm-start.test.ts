import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '#infra/local/config.ts';

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
};

const portsEnv = async () => ({
  SWITCHBOARD_PORT: String(await freePort()),
  DYNAMODB_LOCAL_PORT: String(await freePort()),
  SQS_LOCAL_PORT: String(await freePort()),
  DEMO_PARTNER_PORT: String(await freePort()),
});

/** Runs `npm start`'s entry point exactly as the script does, with the given environment. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['infra/local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function exitOf(child: ChildProcess, withinMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

const javaProcessesOnPort = (port: string): string[] => {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*-port ${port}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
};

/** Whatever an assertion left running is ended, so a failed test never leaks a JVM. */
async function stopForGood(child: ChildProcess, dynamoDbPort: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await exitOf(child, 30_000);
  }
  for (const pid of javaProcessesOnPort(dynamoDbPort)) process.kill(Number(pid), 'SIGKILL');
}

describe('npm start', () => {
  it('prints one ready line, answers /health, and leaves nothing running after SIGTERM', async () => {
    const env = await portsEnv();
    const { child, output } = start(env);
    try {
      // DynamoDB Local's JVM dominates start-up; on a busy 2-core machine it can take minutes.
      const deadline = Date.now() + 240_000;
      while (
        !output().includes('Switchboard ready') &&
        child.exitCode === null &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output()).toMatch(
        new RegExp(
          `Switchboard ready in [\\d.]+ s: http://127\\.0\\.0\\.1:${env.SWITCHBOARD_PORT} `,
        ),
      );
      expect(output().trim().split('\n')).toHaveLength(1);

      const health = await fetch(`http://127.0.0.1:${env.SWITCHBOARD_PORT}/health`);
      expect(health.status).toBe(200);
      const report = (await health.json()) as { parts: Record<string, { healthy?: boolean }> };
      expect(report.parts.dynamodb?.healthy).toBe(true);
      expect(report.parts.sqs?.healthy).toBe(true);
      expect(report.parts.demoPartner?.healthy).toBe(true);
      expect(javaProcessesOnPort(env.DYNAMODB_LOCAL_PORT)).toHaveLength(1);

      child.kill('SIGTERM');
      expect(await exitOf(child, 30_000)).toBe(0);
      expect(javaProcessesOnPort(env.DYNAMODB_LOCAL_PORT)).toEqual([]);
      for (const port of Object.values(env)) {
        await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
      }
    } finally {
      await stopForGood(child, env.DYNAMODB_LOCAL_PORT);
    }
  }, 330_000);

  it('stops every part when a supervisor signals only the npm process', async () => {
    const env = await portsEnv();
    // What `timeout`, systemd or a container runtime run: npm, whose shell does not pass
    // SIGTERM on to the runtime.
    const npm = spawn('npm', ['start'], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      const deadline = Date.now() + 240_000;
      while (!output.includes('Switchboard ready') && npm.exitCode === null) {
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output).toContain('Switchboard ready');
      npm.kill('SIGTERM');
      await exitOf(npm, 30_000);
      // The orphaned runtime notices its parent is gone and stops DynamoDB Local with it.
      const gone = Date.now() + 60_000;
      while (javaProcessesOnPort(env.DYNAMODB_LOCAL_PORT).length > 0 && Date.now() < gone) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(javaProcessesOnPort(env.DYNAMODB_LOCAL_PORT)).toEqual([]);
      for (const port of Object.values(env)) {
        await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
      }
    } finally {
      await stopForGood(npm, env.DYNAMODB_LOCAL_PORT);
    }
  }, 330_000);

  it('refuses a port in use with one line saying which variable moves it', async () => {
    const env = await portsEnv();
    const blocker: Server = createServer().listen(Number(env.SWITCHBOARD_PORT), '127.0.0.1');
    await once(blocker, 'listening');
    try {
      const { child, output } = start(env);
      expect(await exitOf(child, 60_000)).toBe(1);
      expect(output().trim()).toBe(
        `Switchboard could not start: Port ${env.SWITCHBOARD_PORT} (Switchboard) is already in use: stop what is using it or set SWITCHBOARD_PORT to another port.`,
      );
    } finally {
      blocker.close();
    }
  }, 90_000);

  it('says to install Java when there is none, and leaves nothing running', async () => {
    const env = await portsEnv();
    const { child, output } = start({ ...env, PATH: '/nonexistent' });
    expect(await exitOf(child, 60_000)).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/needs Java 17\+ .*install a JRE/);
    await expect(fetch(`http://127.0.0.1:${env.SQS_LOCAL_PORT}/`)).rejects.toThrow();
  }, 90_000);
});
