// Renders the app and tray icons from their SVG sources with headless Chromium, and packs the
// Windows .ico. Run after editing an SVG: `npx tsx build/render-icons.ts`. Outputs are committed.
import { readFile, writeFile } from 'node:fs/promises';
import { launchChromium } from '../test/support/chromium';

const browser = await launchChromium();
const page = await browser.newPage();

async function render(svgFile: string, size: number, recolor?: string): Promise<Buffer> {
  let svg = await readFile(svgFile, 'utf8');
  if (recolor) svg = svg.replaceAll('#000', recolor);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img style="width:${size}px;height:${size}px;display:block" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An .ico holding PNG images (Vista and later read PNG entries). */
function ico(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

await writeFile('build/icon.png', await render('build/icon.svg', 512));
const appIco = await Promise.all([16, 32, 48, 256].map(async (size) => ({ size, png: await render('build/icon.svg', size) })));
await writeFile('build/icon.ico', ico(appIco));

// macOS: black template images (the system tints them); others: a light glyph for dark panels.
await writeFile('build/tray/trayTemplate.png', await render('build/tray/tray.svg', 16));
await writeFile('build/tray/trayTemplate@2x.png', await render('build/tray/tray.svg', 32));
await writeFile('build/tray/tray.png', await render('build/tray/tray.svg', 32, '#e8ecef'));
const trayIco = await Promise.all([16, 32].map(async (size) => ({ size, png: await render('build/tray/tray.svg', size, '#e8ecef') })));
await writeFile('build/tray/tray.ico', ico(trayIco));

await browser.close();
console.log('icons written to build/');
