// Code library figures (issue 14): QR SVG and PNG per code, barcodes per code, SGTIN-96 and Digital Link per code, and
// a 10,000-code printable sheet (time, size, memory). `node bench/codes.mjs [--quick]` or `npm run bench -- codes`.
import { printTable, root, round } from './lib.mjs';

const codes = await import(`${root}packages/engine/dist/domain/trackables/codes/index.js`);
const quick = process.argv.includes('--quick');
const SHEET_CODES = quick ? 2_000 : 10_000;
const scanUrl = (index) => `https://ha.example.com/t/ethiopia-bag-${String(index).padStart(5, '0')}`;

/** Mean µs per call of `run(index)` over `count` calls, after a warm-up. */
async function perCall(count, run) {
  for (let index = 0; index < Math.min(200, count); index += 1) await run(index);
  const start = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) await run(index);
  return Number(process.hrtime.bigint() - start) / 1000 / count;
}

export async function runCodes() {
  const count = quick ? 500 : 3000;
  const rows = [];
  const us = (value) => `${round(value, 1)} µs`;
  const qrSvg = await perCall(count, (index) => codes.qrSvg(scanUrl(index)));
  rows.push({ figure: 'QR SVG per code (scan URL, level M)', measured: us(qrSvg), ceiling: '≤ 1,000 µs (10,000 in seconds)', ratio: round(qrSvg / 1000, 2) });
  const svgBytes = (await codes.qrSvg(scanUrl(1))).length;
  rows.push({ figure: 'QR SVG size', measured: `${svgBytes} B`, ceiling: '', ratio: '' });
  const qrPng = await perCall(count, (index) => codes.qrPng(scanUrl(index), { scale: 4 }));
  rows.push({ figure: 'QR PNG per code (scale 4)', measured: us(qrPng), ceiling: '≤ 2,000 µs', ratio: round(qrPng / 2000, 2) });
  for (const [symbology, text] of [
    ['code128', (index) => `ethiopia-bag-${index}`],
    ['ean13', (index) => String(590123400000 + index)],
    ['gs1_128', (index) => `(01)09521234543213(10)L2026-04(21)${index}`],
    ['gs1_datamatrix', (index) => `(01)09521234543213(10)L2026-04(21)${index}`],
  ]) {
    const svg = await perCall(count, (index) => codes.barcodeSvg(symbology, text(index)));
    const png = await perCall(Math.ceil(count / 3), (index) => codes.barcodePng(symbology, text(index)));
    rows.push({ figure: `${symbology} SVG / PNG per code`, measured: `${us(svg)} / ${us(png)}`, ceiling: '≤ 2,000 µs', ratio: round(Math.max(svg, png) / 2000, 2) });
  }
  const sgtin = await perCall(count * 10, (index) => codes.decodeSgtin96(codes.encodeSgtin96({ filter: 1, companyPrefix: '0614141', itemReference: '812345', serial: index }).hex));
  rows.push({ figure: 'SGTIN-96 encode + decode per tag', measured: us(sgtin), ceiling: '≤ 50 µs', ratio: round(sgtin / 50, 2) });
  const link = await perCall(count * 10, (index) => codes.parseDigitalLink(codes.digitalLinkUri({ base: 'https://id.example.com', gtin: '09521234543213', lot: 'L2026/04', serial: String(index) })));
  rows.push({ figure: 'Digital Link build + parse per URI', measured: us(link), ceiling: '≤ 50 µs', ratio: round(link / 50, 2) });

  const items = [];
  for (let index = 1; index <= SHEET_CODES; index += 1) {
    items.push({ label: `ethiopia-bag-${String(index).padStart(5, '0')}`, png: await codes.qrPng(scanUrl(index), { scale: 2 }), caption: 'Ethiopia Single-Origin Bag' });
  }
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const pdf = await codes.codeSheetPdf(items, { title: 'Ethiopia Single-Origin Bag' });
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  const label = `${SHEET_CODES.toLocaleString('en')}-code sheet PDF (A4, 4 columns, QR PNG scale 2)`;
  rows.push({ figure: `${label}: time`, measured: `${round(seconds, 2)} s (${round((seconds * 1e6) / SHEET_CODES, 0)} µs per code)`, ceiling: '≤ 10 s', ratio: round(seconds / 10, 2) });
  rows.push({ figure: `${label}: size`, measured: `${round(pdf.length / 2 ** 20, 2)} MiB (${Math.round(pdf.length / SHEET_CODES)} B per code)`, ceiling: '', ratio: '' });
  rows.push({ figure: `${label}: RSS growth while building`, measured: `${round((rssPeak - rssBefore) / 2 ** 20, 0)} MiB`, ceiling: '≤ 512 MiB', ratio: round((rssPeak - rssBefore) / 2 ** 20 / 512, 2) });
  printTable('Trackable codes: QR, barcodes, SGTIN-96, Digital Link, sheets (issue 14)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await runCodes();
