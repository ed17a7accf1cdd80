/**
 * The developer console at `/console` on the local runtime's port: a page, a small read API over
 * what the runtime already has (DynamoDB Local through the state stores, the functions' log
 * lines, the demo partner's records) as server-sent events, and controls that call the demo
 * partner's `/_control/` API. It lives only in the local runtime; nothing of it is deployed.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as esbuild from 'esbuild';
import * as z from 'zod';
import { dialogflowCxWebhookSecret } from '#shared/channels/secrets.ts';
import { sessionScope } from '#shared/identity/policy.ts';
import { conversationStore } from '#shared/state/conversation-store.ts';
import { jobStore } from '#shared/state/job-store.ts';
import { conversationStateTable } from '#shared/state/table-design.ts';
import { signChatToken } from '../chat-token.ts';
import { localCredentials, localRegion } from '../services/aws-local.ts';
import { parseActivity, type TimedActivity } from './activity.ts';
import {
  type ChannelEndpoints,
  type ConversationTarget,
  channels,
  identitySchema,
  locales,
  pollingChannels,
  sendTurn,
} from './channels.ts';
import { controlRequestSchema, toPartnerControl } from './controls.ts';

export interface ConsoleOptions {
  /** The runtime's own URL (routes and Invoke API). */
  readonly url: string;
  readonly demoPartnerUrl: string | undefined;
  readonly dynamoDbEndpoint: string;
  readonly secrets: Readonly<Record<string, unknown>>;
}

export interface DevConsole {
  /** Serves the request if it is the console's; false leaves it to the gateway. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** A line a function logged. */
  onLogLine(functionName: string, line: string): void;
  stop(): Promise<void>;
}

type ConsoleEvent =
  | { readonly type: 'activity'; readonly activity: TimedActivity }
  | {
      readonly type: 'received';
      readonly deliveries: readonly unknown[];
    }
  | { readonly type: 'reset' };

/** Enough for a demo session's worth of calls; older entries are dropped. */
const historyLimit = 500;
const outboundPollMs = 1000;

const newConversationSchema = z.object({
  channel: z.enum(channels),
  locale: z.enum(locales),
  identity: identitySchema,
});
const turnSchema = z.object({
  text: z.string().max(2000).optional(),
  pin: z
    .string()
    .regex(/^\d{4,6}$/)
    .optional(),
  action: z.enum(['turn', 'poll']).optional(),
});

const pageDir = new URL('./page/', import.meta.url);

export async function createConsole(options: ConsoleOptions): Promise<DevConsole> {
  const [html, bundle] = await Promise.all([
    readFile(new URL('index.html', pageDir), 'utf8'),
    esbuild.build({
      entryPoints: [new URL('app.ts', pageDir).pathname],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      minify: false,
    }),
  ]);
  const script = bundle.outputFiles[0]?.text ?? '';

  const dynamo = new DynamoDBClient({
    endpoint: options.dynamoDbEndpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const table = {
    dynamo,
    tableName: conversationStateTable.name,
    // A corrupt item is worth a line in the state panel, never in the terminal.
    log: { warn: () => undefined },
  };
  const conversations = conversationStore(table);
  const jobs = jobStore(table);

  const cx = z
    .object({ username: z.string(), password: z.string() })
    .parse(options.secrets[dialogflowCxWebhookSecret]);
  const endpoints: ChannelEndpoints = {
    url: options.url,
    dialogflowCx: cx,
    chatToken: (phone) => signChatToken(options.secrets, { phone, ttlSeconds: 3600 }),
  };

  const targets = new Map<string, ConversationTarget & { jobIds: Set<string> }>();
  const history: ConsoleEvent[] = [];
  const clients = new Set<ServerResponse>();
  let seq = 0;
  let lastReceived = '';

  const publish = (event: ConsoleEvent) => {
    history.push(event);
    if (history.length > historyLimit) history.shift();
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of clients) client.write(frame);
  };

  const partnerControl = async (method: string, path: string, body?: unknown) => {
    if (!options.demoPartnerUrl) throw new Error('The demo partner is not running');
    const response = await fetch(`${options.demoPartnerUrl}/_control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  // The demo partner records what Switchboard delivered to it; watched only while someone looks.
  const poller = setInterval(() => {
    if (clients.size === 0 || !options.demoPartnerUrl) return;
    partnerControl('GET', 'received')
      .then(({ body }) => {
        const deliveries = (Array.isArray(body) ? body : []).map((entry) => {
          const { system, id, type, verified, reason, duplicate, receivedAt } = entry as Record<
            string,
            unknown
          >;
          return { system, id, type, verified, reason, duplicate, receivedAt };
        });
        const text = JSON.stringify(deliveries);
        if (text === lastReceived) return;
        lastReceived = text;
        publish({ type: 'received', deliveries });
      })
      .catch(() => undefined);
  }, outboundPollMs);
  poller.unref();

  async function route(
    method: string,
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    if (method === 'GET' && (path === '/console' || path === '/console/')) {
      return send(response, 200, 'text/html; charset=utf-8', html);
    }
    if (method === 'GET' && path === '/console/app.js') {
      return send(response, 200, 'text/javascript; charset=utf-8', script);
    }
    if (method === 'GET' && path === '/console/api/events') {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      for (const event of history) response.write(`data: ${JSON.stringify(event)}\n\n`);
      lastReceived = '';
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (method === 'POST' && path === '/console/api/conversations') {
      const parsed = newConversationSchema.safeParse(await readJson(request));
      if (!parsed.success) return sendJson(response, 400, { error: parsed.error.issues[0] });
      const { identity, channel } = parsed.data;
      if (identity.kind === 'token' && channel !== 'chat') {
        return sendJson(response, 400, { error: 'Customer tokens are a web chat credential.' });
      }
      const sessionId = `console-${crypto.randomUUID().slice(0, 8)}`;
      targets.set(sessionId, { ...parsed.data, sessionId, jobIds: new Set() });
      return sendJson(response, 201, { id: sessionId, polls: pollingChannels.includes(channel) });
    }
    const conversation = /^\/console\/api\/conversations\/([\w-]+)\/(turns|state)$/.exec(path);
    if (conversation) {
      const target = targets.get(conversation[1] ?? '');
      if (!target) return sendJson(response, 404, { error: 'No such conversation' });
      if (method === 'POST' && conversation[2] === 'turns') {
        const parsed = turnSchema.safeParse(await readJson(request));
        if (!parsed.success) return sendJson(response, 400, { error: parsed.error.issues[0] });
        if (parsed.data.action === 'poll' && !pollingChannels.includes(target.channel)) {
          return sendJson(response, 400, { error: `${target.channel} has no poll action` });
        }
        const answer = await sendTurn(endpoints, target, parsed.data);
        if (answer.jobId) target.jobIds.add(answer.jobId);
        return sendJson(response, 200, answer);
      }
      if (method === 'GET' && conversation[2] === 'state') {
        const phone = target.identity.kind === 'anonymous' ? undefined : target.identity.phone;
        const owner =
          target.channel !== 'chat'
            ? undefined
            : target.identity.kind === 'token'
              ? `customer:customer:${target.identity.phone}`
              : target.identity.kind === 'claimed'
                ? `phone:${target.identity.phone}`
                : 'anonymous';
        const scope = sessionScope({ sessionOwner: owner });
        const [loaded, jobRecords] = await Promise.all([
          conversations.load({
            channel: target.channel,
            sessionId: target.sessionId,
            ...(scope !== undefined && { scope }),
            ...(phone !== undefined && { phone }),
          }),
          Promise.all([...target.jobIds].map((jobId) => jobs.get(jobId))),
        ]);
        return sendJson(response, 200, {
          session: loaded.session.value ?? null,
          customer: loaded.customer.value ?? null,
          news: loaded.news,
          jobs: jobRecords.filter((job) => job !== undefined),
        });
      }
    }
    if (method === 'POST' && path === '/console/api/control') {
      const parsed = controlRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return sendJson(response, 400, { error: parsed.error.issues[0] });
      const control = toPartnerControl(parsed.data);
      const result = await partnerControl(control.method, control.path, control.body);
      if (parsed.data.action === 'reset') {
        history.length = 0;
        lastReceived = '';
        publish({ type: 'reset' });
      }
      return sendJson(response, result.status < 300 ? 200 : 502, result.body);
    }
    sendJson(response, 404, { error: 'Not found' });
  }

  return {
    handle(request, response) {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      if (path !== '/console' && !path.startsWith('/console/')) return false;
      route(request.method ?? 'GET', path, request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          sendJson(response, 500, { error: (error as Error).message });
        }
      });
      return true;
    },
    onLogLine(functionName, line) {
      const activity = parseActivity(line);
      if (!activity) return;
      publish({
        type: 'activity',
        activity: { ...activity, functionName, at: new Date().toISOString(), seq: ++seq },
      });
    },
    async stop() {
      clearInterval(poller);
      for (const client of clients) client.end();
      clients.clear();
      dynamo.destroy();
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json', JSON.stringify(body));
}
