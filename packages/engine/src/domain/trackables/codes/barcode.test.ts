import { describe, expect, it } from 'vitest';
import { invalidIssue } from './__fixtures__/invalid-issue.js';
import { readBarcodePng } from './__fixtures__/read-codes.js';
import { barcodePng, barcodeSvg, checkBarcodeText } from './barcode.js';

const GS = '\u001d';

describe('barcode images decode back with ZXing', () => {
  it('EAN-13 and UPC-A, the check digit computed when missing', async () => {
    expect(readBarcodePng(await barcodePng('ean13', '590123412345'), 'ean13')).toBe('5901234123457');
    expect(readBarcodePng(await barcodePng('ean13', '5901234123457'), 'ean13')).toBe('5901234123457');
    expect(readBarcodePng(await barcodePng('upca', '03600029145'), 'upca')).toBe('036000291452');
  });

  it('Code 128 with letters, digits and punctuation', async () => {
    for (const text of ['ethiopia-bag-001', 'Lot L2026-04 / #17', '0123456789']) {
      expect(readBarcodePng(await barcodePng('code128', text, { includeText: false }), 'code128')).toBe(text);
    }
  });

  it('GS1-128: FNC1 first, then a separator after a variable-length field that is not last', async () => {
    const png = await barcodePng('gs1_128', '(01)09521234543213(10)ABC123(17)261231');
    expect(readBarcodePng(png, 'gs1_128')).toBe(`]C1010952123454321310ABC123${GS}17261231`);
  });

  it('DataMatrix and GS1 DataMatrix', async () => {
    expect(readBarcodePng(await barcodePng('datamatrix', 'https://ha.example.com/t/ethiopia-bag-001'), 'datamatrix')).toBe(
      'https://ha.example.com/t/ethiopia-bag-001',
    );
    const gs1 = readBarcodePng(await barcodePng('gs1_datamatrix', '(01)09521234543213(21)AB/12(17)261231'), 'gs1_datamatrix');
    expect(gs1).toBe(`${GS}010952123454321321AB/12${GS}17261231`);
  });
});

describe('barcodeSvg', () => {
  it('draws every symbology as an SVG document', () => {
    const texts = {
      code128: 'ETH-250G',
      ean13: '590123412345',
      upca: '03600029145',
      gs1_128: '(01)09521234543213(10)ABC123',
      datamatrix: 'ETH-250G',
      gs1_datamatrix: '(01)09521234543213(21)12345',
    } as const;
    for (const [symbology, text] of Object.entries(texts)) {
      const svg = barcodeSvg(symbology as keyof typeof texts, text);
      expect(svg, symbology).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
      expect(svg, symbology).toContain('<path');
    }
  });

  it('honours height and text options: taller bars, no text paths', () => {
    const short = barcodeSvg('code128', 'ETH-250G', { height: 5, includeText: false });
    const tall = barcodeSvg('code128', 'ETH-250G', { height: 30, includeText: false });
    const height = (svg: string) => Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)![1]);
    expect(height(tall)).toBeGreaterThan(height(short) * 3);
    expect(barcodeSvg('code128', 'ETH-250G').length).toBeGreaterThan(short.length);
  });
});

describe('checkBarcodeText', () => {
  it('EAN-13 / UPC-A: digits only, right check digits, computed when missing', () => {
    expect(checkBarcodeText('ean13', '590123412345')).toEqual({ ok: true, text: '5901234123457' });
    expect(checkBarcodeText('ean13', '5901234123458')).toEqual({ ok: false, reason: "EAN-13 '5901234123458' has check digit 8; the right one is 7" });
    expect(checkBarcodeText('ean13', '59012341234').ok).toBe(false);
    expect(checkBarcodeText('ean13', '59012341234a')).toEqual({ ok: false, reason: "EAN-13 takes digits only, got '59012341234a'" });
    expect(checkBarcodeText('upca', '036000291452')).toEqual({ ok: true, text: '036000291452' });
    expect(checkBarcodeText('upca', '036000291453').ok).toBe(false);
  });

  it('Code 128: printable ASCII, 1 to 80 characters', () => {
    expect(checkBarcodeText('code128', 'a'.repeat(80)).ok).toBe(true);
    expect(checkBarcodeText('code128', 'a'.repeat(81))).toEqual({ ok: false, reason: 'Code 128 takes at most 80 characters, got 81' });
    expect(checkBarcodeText('code128', '').ok).toBe(false);
    expect(checkBarcodeText('code128', 'café').ok).toBe(false);
    expect(checkBarcodeText('code128', 'tab\there').ok).toBe(false);
  });

  it('GS1: AIs 00, 01, 10, 11, 17, 21, 414 with their formats and check digits', () => {
    const good = ['(00)106141411234567897', '(01)09521234543213(10)ABC-123(11)260430(17)261200', '(414)9521234543213', '(01)09521234543213(3103)000250'];
    for (const text of good) expect(checkBarcodeText('gs1_128', text), text).toEqual({ ok: true, text });
    const text = '(01)09521234543213(10)ABC-123(11)260430(17)261200(21)SN/001';
    expect(checkBarcodeText('gs1_datamatrix', text)).toEqual({ ok: true, text });
    const bad: Array<[string, RegExp]> = [
      ['(00)106141411234567890', /AI \(00\) SSCC '106141411234567890' has check digit 0; the right one is 7/],
      ['(00)10614141123456789', /AI \(00\) SSCC must have exactly 18 digits, got 17/],
      ['(01)09521234543214', /AI \(01\) GTIN '09521234543214' has check digit 4; the right one is 3/],
      ['(01)0952123454321A', /AI \(01\) GTIN must be digits only/],
      ['(01)09521234543213(10)ABCDEFGHIJKLMNOPQRSTU', /AI \(10\) BATCH\/LOT must have 1 to 20 characters, got 21/],
      ['(01)09521234543213(10)AB C', /AI \(10\) BATCH\/LOT holds a character outside GS1's 82-character set/],
      ['(01)09521234543213(11)261301', /AI \(11\) PROD DATE is a date YYMMDD: month 13 is not 01 to 12/],
      ['(01)09521234543213(17)260230', /AI \(17\) USE BY OR EXPIRY is a date YYMMDD: day 30 is not in month 02/],
      ['(01)09521234543213(17)2612', /AI \(17\) USE BY OR EXPIRY must have exactly 6 digits, got 4/],
      ['(01)09521234543213(21)', /AI \(21\) has no value/],
      ['(414)9521234543214', /AI \(414\) LOC No\. '9521234543214' has check digit 4; the right one is 3/],
      ['(21)12345', /AI \(21\) SERIAL needs \(01\) in the same element string/],
      ['(01)09521234543213(01)09521234543213', /AI \(01\) appears more than once/],
      ['(01)09521234543213(99)ABC', /AI \(99\) is not one this engine checks; supported AIs: 00, 01, 02,/],
      ['0109521234543213', /starts with an AI in brackets/],
      ['(01)09521234543213(10)A(B', /expected '\(AI\)value' at character 24/],
    ];
    for (const [text, reason] of bad) {
      const check = checkBarcodeText('gs1_128', text);
      expect(check.ok, text).toBe(false);
      if (!check.ok) expect(check.reason, text).toMatch(reason);
    }
  });

  it('GS1-128 holds 48 data characters; GS1 DataMatrix more', () => {
    const long = '(01)09521234543213(10)ABCDEFGHIJKLMNOPQRST(21)ABCDEFGHIJ';
    expect(checkBarcodeText('gs1_128', long)).toEqual({ ok: false, reason: 'GS1-128 holds at most 48 data characters (AIs included), got 50' });
    expect(checkBarcodeText('gs1_datamatrix', long).ok).toBe(true);
  });
});

describe('bad text throws INVALID_INPUT naming the field', () => {
  it('names `text` by default, or the caller’s field, with the reason', async () => {
    expect(invalidIssue(() => barcodeSvg('ean13', '5901234123458'))).toEqual({ path: 'text', message: "EAN-13 '5901234123458' has check digit 8; the right one is 7" });
    expect(invalidIssue(() => barcodeSvg('gs1_128', '(21)1', { field: 'metadata.sku' })).path).toBe('metadata.sku');
    await expect(barcodePng('code128', '')).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'text' }] } });
    expect(invalidIssue(() => barcodeSvg('qr' as 'code128', 'x')).path).toBe('symbology');
    expect(invalidIssue(() => barcodeSvg('code128', 'x', { scale: 0 })).path).toBe('scale');
    expect(invalidIssue(() => barcodeSvg('code128', 'x', { height: 500 })).path).toBe('height');
  });

  it('turns the encoder’s own refusals (capacity) into INVALID_INPUT too', () => {
    const issue = invalidIssue(() => barcodeSvg('datamatrix', '!#~{'.repeat(500)));
    expect(issue.path).toBe('text');
    expect(issue.message).not.toMatch(/^bwipp/);
  });
});
