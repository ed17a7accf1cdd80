/**
 * The console in headless Chromium (Debian's `chromium`, driven by playwright-core), against the
 * integration tier's Switchboard. Every wait is for something on the page; none is for time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '#infra/local/config.ts';

const screenshots = path.join(projectRoot, 'docs/screenshots');
/** Long enough for a job on a loaded 2-core machine; the test still ends as soon as text shows. */
const patience = { timeout: 60_000 };

let browser: BrowserContext;
let userDataDir: string;
let page: Page;

beforeAll(async () => {
  userDataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-e2e-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1400, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  page = await browser.newPage();
  await page.goto(`${inject('switchboardUrl')}/console`);
  // A clean demo partner (no faults left by earlier tests) and empty panels.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => page.locator('#control-result').textContent()).toMatch(/Reset: done/);
  return () => page.close();
});

async function converse(
  options: { channel: string; locale: string; identity: string; customer?: string },
  first?: string,
) {
  await page.getByLabel('Channel').selectOption(options.channel);
  await page.getByLabel('Language').selectOption(options.locale);
  await page.getByLabel('Caller').selectOption(options.identity);
  if (options.customer) await page.getByLabel('Customer').selectOption(options.customer);
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.locator('#conversation-status', { hasText: options.channel }).waitFor();
  if (first) await say(first);
}

/** Sends a message and waits for the bot's answer to it; returns the answer's text. */
async function say(text: string): Promise<string> {
  const answers = page.locator('#transcript li.bot');
  const before = await answers.count();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await answers.nth(before).waitFor(patience);
  return (await page.locator('#transcript li.bot').allTextContents()).slice(before).join(' ');
}

describe('the console', () => {
  it('holds a conversation in two languages, with SSML beside the text on voice', async () => {
    await converse({ channel: 'chat', locale: 'en-US', identity: 'anonymous' });
    expect(await say('where is my order 12345?')).toMatch(/Order 12345 has shipped/);
    await converse({
      channel: 'connect',
      locale: 'pl-PL',
      identity: 'claimed',
      customer: '+48500100200',
    });
    expect(await say('gdzie jest moje zamówienie 12345')).toMatch(/Zamówienie 12345/);
    await page.locator('#transcript pre.ssml', { hasText: '<speak>' }).waitFor();
    await page.locator('#calls td', { hasText: 'shop.getOrder' }).first().waitFor();
    await page.screenshot({ path: path.join(screenshots, 'conversation.png') });
  });

  it('answers "one moment" when the shop is slow, and the job finishes', async () => {
    await converse({
      channel: 'chat',
      locale: 'en-US',
      identity: 'token',
      customer: '+15555550123',
    });
    await page.getByLabel('System').selectOption('shop');
    await page.getByRole('button', { name: /Make it slow/ }).click();
    await expect.poll(() => page.locator('#control-result').textContent()).toMatch(/done/);
    expect(await say('where is my order 40004?')).toMatch(/One moment/);
    await page.locator('#jobs td.warn, #jobs td.good').first().waitFor(patience);
    await page.locator('#jobs td', { hasText: 'succeeded' }).waitFor(patience);
    await page.getByRole('button', { name: 'Any news?' }).click();
    await page
      .locator('#transcript li.bot', { hasText: /40004 is out for delivery/ })
      .waitFor(patience);
    await page.screenshot({ path: path.join(screenshots, 'slow-shop-job.png') });
  });

  it('ships an order and the next answer changes', async () => {
    await converse({
      channel: 'chat',
      locale: 'en-US',
      identity: 'token',
      customer: '+48500100200',
    });
    expect(await say('where is my order 30003?')).not.toMatch(/30003 has shipped/);
    await page.getByLabel('Order').fill('30003');
    await page.getByRole('button', { name: 'Ship order' }).click();
    await page
      .locator('#webhooks td', { hasText: /^accepted/ })
      .first()
      .waitFor(patience);
    // The event is applied by the event worker after the webhook's 202: ask until it shows.
    await expect
      .poll(() => say('where is my order 30003?'), { timeout: 60_000, interval: 500 })
      .toMatch(/30003.*shipped/);
    await page.screenshot({ path: path.join(screenshots, 'shipped-order.png') });
  });

  it('shows a tampered webhook rejected, with the reason', async () => {
    await page.getByRole('button', { name: 'Send tampered webhook' }).click();
    await expect.poll(() => page.locator('#control-result').textContent()).toMatch(/answered 401/);
    await page
      .locator('#webhooks td.bad', { hasText: 'rejected: bad-signature' })
      .waitFor(patience);
    await page.screenshot({ path: path.join(screenshots, 'tampered-webhook.png') });
  });
});
