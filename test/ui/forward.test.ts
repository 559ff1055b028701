// A port forward opened from the dialog carries real TCP: a node client on the local port the
// dialog shows talks to a real echo server that the compute's port maps to. The dialog also
// refuses bad input on its fields and reports a local port that is taken.
import assert from 'node:assert/strict';
import { createServer, connect, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { startTcpService, type TcpService } from '../support/tcp-service';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

const REMOTE_PORT = 7777;
let echo: TcpService;
let taken: Server;
let app: App;

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

before(async () => {
  echo = await startTcpService({ echo: true });
  taken = createServer();
  await listen(taken);
  app = await openApp({ emulator: { ports: { [LINUX_COMPUTE]: { [REMOTE_PORT]: { host: '127.0.0.1', port: echo.port } } } } });
  await app.pickFleet(FLEETS.linux);
});
after(async () => {
  await app?.close();
  await echo?.close();
  taken?.close();
});

async function openDialog() {
  const { page } = app;
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).click();
  await page.getByRole('button', { name: 'Forward a port…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forward a port' });
  await dialog.waitFor();
  return dialog;
}

function roundTrip(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(message));
    let got = '';
    socket.on('data', (chunk) => {
      got += chunk.toString();
      if (got.length >= message.length) {
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error('no echo within 10 s')));
  });
}

test('bad values are refused on their fields, before anything is sent', UI_TEST, async () => {
  const dialog = await openDialog();
  await dialog.getByLabel('Remote port').fill('70000');
  await dialog.getByLabel('Remote host (optional)').fill('not a host!');
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  await dialog.getByText('Enter a port from 1 to 65535.').waitFor();
  await dialog.getByText(/Enter a host name or IPv4 address/).waitFor();
  assert.equal(await dialog.getByLabel('Remote port').getAttribute('aria-invalid'), 'true');
  assert.equal(await app.page.locator('.session-card').count(), 0, 'no session was started');
  await app.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
});

test('a local port in use is reported in the dialog with what to do', UI_TEST, async () => {
  const dialog = await openDialog();
  await dialog.getByLabel('Remote port').fill(String(REMOTE_PORT));
  await dialog.getByLabel('Local port (optional)').fill(String((taken.address() as { port: number }).port));
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  const error = dialog.locator('.error-note[data-code="PortInUse"]');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.innerText(), /Could not open the forward/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('a forward from the dialog carries real TCP to the mapped service', UI_TEST, async () => {
  const dialog = await openDialog();
  await dialog.getByRole('button', { name: '7777' }).click();
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  const address = dialog.getByTestId('forward-address');
  await address.waitFor({ timeout: 20_000 });
  const shown = await address.innerText();
  const match = /^127\.0\.0\.1:(\d+)$/.exec(shown);
  assert.ok(match, shown);
  const localPort = Number(match[1]);

  assert.equal(await roundTrip(localPort, 'ping through the forward\n'), 'ping through the forward\n');
  // Many connections through one forward.
  const replies = await Promise.all([1, 2, 3].map((n) => roundTrip(localPort, `conn ${n}\n`)));
  assert.deepEqual(replies, ['conn 1\n', 'conn 2\n', 'conn 3\n']);

  await dialog.getByRole('button', { name: 'Done' }).click();
  const card = app.page.locator('.session-card', { hasText: `127.0.0.1:${localPort}` });
  await card.waitFor();
  await eventually(() => card.innerText(), (t) => !/↓ 0 B ↑ 0 B/.test(t), 10_000, 'traffic counted');
  assert.deepEqual(app.problems, []);
});

test('a forward whose remote port refuses says so on its card', UI_TEST, async () => {
  const dialog = await openDialog();
  await dialog.getByLabel('Remote port').fill('7778'); // nothing listens there on the compute
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  const address = dialog.getByTestId('forward-address');
  await address.waitFor({ timeout: 20_000 });
  const localPort = Number(/(\d+)$/.exec(await address.innerText())![1]);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await new Promise<void>((resolve) => {
    const socket = connect(localPort, '127.0.0.1', () => socket.write('hello?'));
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  const card = app.page.locator('.session-card', { hasText: `127.0.0.1:${localPort}` });
  const note = card.getByTestId('refused');
  await note.waitFor({ timeout: 10_000 });
  assert.match(await note.innerText(), /nothing answered on port 7778 \(once/);
});
