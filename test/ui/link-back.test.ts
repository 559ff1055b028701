// The page's link to the daemon goes away and comes back (web mode): while it is gone the session
// shows Disconnected and its terminal says so; once the daemon is reachable again the page
// reconnects by itself, the session is Active again and the same terminal works. The break is a
// real one: the browser reaches the daemon through a loopback TCP relay that the test cuts (every
// connection destroyed, nothing listening) and then restores on the same port. The relay only
// rewrites the Host and Origin it carries to the daemon's own port, so the daemon's DNS-rebinding
// and origin checks see the address they expect.
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

interface Relay {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client);
        sockets.add(upstream);
        const done = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('data', (chunk: Buffer) => {
          upstream.write(Buffer.from(chunk.toString('latin1').replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${targetPort}`), 'latin1'));
        });
        upstream.pipe(client);
        for (const socket of [client, upstream]) {
          socket.on('close', done);
          socket.on('error', done);
        }
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return { get port() { return port; }, cut, restore: listen, close: cut };
}

let app: App;
let relay: Relay;
let page: Page;
before(async () => {
  app = await openApp();
  relay = await startRelay(app.web.port);
  page = await app.browser.newPage({ viewport: { width: 1400, height: 860 } });
  const token = new URL(app.web.url).hash;
  await page.goto(`http://127.0.0.1:${relay.port}/${token}`);
  await page.getByText('Sandbox', { exact: true }).waitFor();
});
after(async () => {
  await relay?.close();
  await app?.close();
});

const terminalText = () => page.locator('.terminal-view:not([hidden]) .xterm-rows').innerText();

test('the link goes and comes back: Disconnected while away, Active again and the same terminal works after', UI_TEST, async () => {
  await page.getByRole('option', { name: new RegExp(`^${FLEETS.linux}\\b`) }).click();
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
  await eventually(terminalText, (t) => /\$\s*$/m.test(t), 30_000, 'a prompt');
  const card = page.locator('.session-card:not(.ended)', { hasText: LINUX_COMPUTE });
  await eventually(() => card.locator('.badge').innerText(), (t) => t === 'Active', 15_000, 'Active');

  await relay.cut();
  await page.getByRole('status').filter({ hasText: 'Reconnecting to the daemon…' }).waitFor({ timeout: 15_000 });
  await eventually(() => card.locator('.badge').innerText(), (t) => t === 'Disconnected', 10_000, 'Disconnected');
  await page.locator('.terminal-view:not([hidden]) .terminal-state', { hasText: 'Disconnected from the daemon' }).waitFor();

  await relay.restore();
  await eventually(() => card.locator('.badge').innerText(), (t) => t === 'Active', 30_000, 'Active again, without a reload');
  assert.equal(await page.getByRole('status').filter({ hasText: 'Reconnecting' }).count(), 0);
  assert.equal(await page.locator('.terminal-view:not([hidden]) .terminal-state').count(), 0);
  await card.getByTestId('countdown').waitFor();
  await page.locator('.terminal-view:not([hidden]) .xterm').click();
  await page.keyboard.type('echo "back-$((6*7))"\r');
  await eventually(terminalText, (t) => t.includes('back-42'), 20_000, 'output after the link came back');
});
