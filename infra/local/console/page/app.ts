/**
 * The console page: sends what the user types to the console API and draws what the server-sent
 * events report. Every decision (event shapes, identities, what a control does) is the server's.
 */

interface TurnAnswer {
  status: number;
  outcome?: string;
  texts: string[];
  ssml?: string;
  jobId?: string;
}

type ConsoleEvent =
  | { type: 'activity'; activity: Record<string, unknown> }
  | { type: 'received'; deliveries: Record<string, unknown>[] }
  | { type: 'reset' };

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
};

let conversationId: string | undefined;
let polls = false;

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/console/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as T & { error?: unknown };
  if (!response.ok) throw new Error(JSON.stringify(parsed.error ?? parsed));
  return parsed;
}

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function addRow(tbodyId: string, cells: [string, string?][]): HTMLTableRowElement {
  const row = byId<HTMLTableSectionElement>(tbodyId).insertRow(0);
  for (const [text, className] of cells) cell(row, text, className);
  return row;
}

function say(role: 'user' | 'bot', text: string, meta?: string, ssml?: string): void {
  const item = document.createElement('li');
  item.className = role;
  const label = document.createElement('span');
  label.className = 'visually-hidden';
  label.textContent = role === 'user' ? 'You: ' : 'Bot: ';
  item.append(label, text);
  if (meta) {
    const small = document.createElement('div');
    small.className = 'meta';
    small.textContent = meta;
    item.append(small);
  }
  if (ssml) {
    const pre = document.createElement('pre');
    pre.className = 'ssml';
    pre.setAttribute('aria-label', 'SSML');
    pre.textContent = ssml;
    item.append(pre);
  }
  const transcript = byId('transcript');
  transcript.append(item);
  transcript.scrollTop = transcript.scrollHeight;
}

async function refreshState(): Promise<void> {
  if (!conversationId) return;
  const state = await api<unknown>(`conversations/${conversationId}/state`);
  byId('state-view').textContent = JSON.stringify(state, null, 2);
}

async function startConversation(): Promise<void> {
  const channel = byId<HTMLSelectElement>('channel').value;
  const locale = byId<HTMLSelectElement>('locale').value;
  const kind = byId<HTMLSelectElement>('identity').value;
  const phone = byId<HTMLSelectElement>('customer').value;
  const identity = kind === 'anonymous' ? { kind } : { kind, phone };
  try {
    const created = await api<{ id: string; polls: boolean }>('conversations', {
      channel,
      locale,
      identity,
    });
    conversationId = created.id;
    polls = created.polls;
    byId('transcript').replaceChildren();
    byId<HTMLButtonElement>('poll').disabled = !polls;
    byId('conversation-status').textContent =
      `Conversation ${created.id}: ${channel}, ${locale}, ${kind === 'anonymous' ? 'anonymous' : `${kind} ${phone}`}`;
    await refreshState();
  } catch (error) {
    byId('conversation-status').textContent = `Could not start: ${(error as Error).message}`;
  }
}

async function turn(body: { text?: string; pin?: string; action?: 'poll' }): Promise<void> {
  if (!conversationId) await startConversation();
  if (!conversationId) return;
  const send = byId<HTMLButtonElement>('send');
  send.disabled = true;
  try {
    const answer = await api<TurnAnswer>(`conversations/${conversationId}/turns`, body);
    const meta = [answer.outcome, answer.jobId && `job ${answer.jobId}`]
      .filter(Boolean)
      .join(' · ');
    if (answer.texts.length === 0) say('bot', '(no message)', meta, answer.ssml);
    answer.texts.forEach((text, index) => {
      const last = index === answer.texts.length - 1;
      say('bot', text, last ? meta : undefined, last ? answer.ssml : undefined);
    });
  } catch (error) {
    say('bot', `Error: ${(error as Error).message}`);
  } finally {
    send.disabled = false;
    await refreshState().catch(() => undefined);
  }
}

byId<HTMLFormElement>('caller').addEventListener('submit', (event) => {
  event.preventDefault();
  void startConversation();
});

byId<HTMLFormElement>('say').addEventListener('submit', (event) => {
  event.preventDefault();
  const message = byId<HTMLInputElement>('message');
  const pin = byId<HTMLInputElement>('pin');
  const text = message.value.trim();
  if (!text) return;
  say('user', text, pin.value ? 'with PIN' : undefined);
  message.value = '';
  void turn({ text, ...(pin.value && { pin: pin.value }) });
  pin.value = '';
});

byId<HTMLButtonElement>('poll').addEventListener('click', () => {
  say('user', '(any news?)');
  void turn({ action: 'poll' });
});

for (const button of document.querySelectorAll<HTMLButtonElement>('#controls button')) {
  button.addEventListener('click', async () => {
    const action = button.dataset.action ?? '';
    const system = byId<HTMLSelectElement>('system').value;
    const body: Record<string, unknown> = { action };
    if (action === 'slow') Object.assign(body, { system, latencyMs: 15_000 });
    if (action === 'down') body.system = system;
    if (action === 'ship') body.orderNumber = byId<HTMLInputElement>('order').value.trim();
    if (action === 'pay') body.paymentLinkId = 'plink_seed_30003';
    if (action === 'confirm') body.appointmentId = 'apt_seed_1001';
    const result = byId('control-result');
    result.textContent = `${button.textContent}…`;
    try {
      const answer = await api<{ deliveries?: { status: number }[] }>('control', body);
      const statuses = answer.deliveries?.map((delivery) => delivery.status).join(', ');
      result.textContent = `${button.textContent}: done${statuses ? ` (Switchboard answered ${statuses})` : ''}`;
    } catch (error) {
      result.textContent = `${button.textContent}: failed ${(error as Error).message}`;
    }
  });
}

const jobRows = new Map<string, HTMLTableRowElement>();

function showJob(jobId: string, operation: string, status: string): void {
  const className = status === 'pending' ? 'warn' : status === 'succeeded' ? 'good' : 'bad';
  const existing = jobRows.get(jobId);
  if (existing) {
    const statusCell = existing.cells[2];
    if (statusCell) {
      statusCell.textContent = status;
      statusCell.className = className;
    }
    return;
  }
  const row = addRow('jobs', [[jobId.slice(0, 8)], [operation], [status, className]]);
  row.dataset.jobId = jobId;
  jobRows.set(jobId, row);
}

function onActivity(event: Record<string, unknown>): void {
  const text = (value: unknown) => (value === undefined ? '' : String(value));
  switch (event.kind) {
    case 'partner-call': {
      const operation = `${text(event.partner)}.${text(event.operation)}`;
      const result = `${text(event.status)}${event.errorCode ? ` (${text(event.errorCode)})` : ''}${event.cacheHit ? ' cached' : ''}`;
      addRow('calls', [
        [operation],
        [result, event.status === 'ok' ? 'good' : event.status === 'pending' ? 'warn' : 'bad'],
        [event.latencyMs === undefined ? '' : `${text(event.latencyMs)} ms`],
        [text(event.breakerState)],
      ]);
      if (event.status === 'pending' && typeof event.jobId === 'string') {
        showJob(event.jobId, operation, 'pending');
      }
      break;
    }
    case 'breaker':
      addRow('calls', [
        [`${text(event.partner)}.${text(event.operation)}`],
        [`breaker ${text(event.from)} → ${text(event.to)}`, 'warn'],
        [''],
        [text(event.to)],
      ]);
      break;
    case 'job':
      showJob(
        text(event.jobId),
        `${text(event.partner)}.${text(event.operation)}`,
        text(event.status) === 'succeeded' ? 'succeeded' : text(event.status),
      );
      void refreshState().catch(() => undefined);
      break;
    case 'webhook-in':
      addRow('webhooks', [
        [text(event.partner)],
        [text(event.type)],
        [
          event.answer === 'rejected'
            ? `rejected: ${text(event.reason)}`
            : `${text(event.answer)}${event.eventId ? ` ${text(event.eventId)}` : ''}`,
          event.answer === 'rejected' ? 'bad' : event.answer === 'duplicate' ? 'warn' : 'good',
        ],
      ]);
      break;
    case 'event-applied':
      void refreshState().catch(() => undefined);
      break;
  }
}

function onReceived(deliveries: Record<string, unknown>[]): void {
  const rows = deliveries.map((delivery) => {
    const row = document.createElement('tr');
    cell(row, `${String(delivery.system)} ${String(delivery.type ?? '')}`);
    cell(
      row,
      delivery.verified
        ? delivery.duplicate
          ? 'delivered again (duplicate)'
          : 'delivered, signature verified'
        : `refused: ${String(delivery.reason ?? 'unverified')}`,
      delivery.verified ? 'good' : 'bad',
    );
    return row;
  });
  byId('outbound').replaceChildren(...rows.reverse());
}

const events = new EventSource('/console/api/events');
events.addEventListener('message', (message: MessageEvent<string>) => {
  const event = JSON.parse(message.data) as ConsoleEvent;
  if (event.type === 'activity') onActivity(event.activity);
  else if (event.type === 'received') onReceived(event.deliveries);
  else if (event.type === 'reset') {
    for (const id of ['calls', 'jobs', 'webhooks', 'outbound']) byId(id).replaceChildren();
    jobRows.clear();
  }
});

byId<HTMLButtonElement>('poll').disabled = true;
void startConversation();
