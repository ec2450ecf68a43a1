// The code library of trackables: QR codes, barcodes, GTINs, GS1 Digital Link URIs, EPC SGTIN-96 and printable sheets.
// Pure functions (no storage, no tools); bad input throws EngineError INVALID_INPUT naming the field.
export { qrPng, qrSvg, QR_ERROR_CORRECTIONS, QR_MAX_BYTES, type QrErrorCorrection, type QrOptions, type QrPngOptions } from './qr.js';
export {
  barcodePng,
  barcodeSvg,
  BARCODE_SYMBOLOGIES,
  checkBarcodeText,
  CODE128_MAX_LENGTH,
  DATAMATRIX_MAX_LENGTH,
  GS1_128_MAX_LENGTH,
  type BarcodeOptions,
  type BarcodeSymbology,
  type BarcodeTextCheck,
} from './barcode.js';
export { GS1_CHECKED_AIS, parseElementString, formatElementString, type ElementString } from './gs1-element-string.js';
export { gs1CheckDigit, gtinProblem, isValidGtin, toGtin14, GTIN_LENGTHS } from './gtin.js';
export { digitalLinkUri, parseDigitalLink, percentEncodeGs1, type DigitalLink, type DigitalLinkInput } from './digital-link.js';
export {
  decodeSgtin96,
  encodeSgtin96,
  encodeSgtin96FromGtin,
  SGTIN96_HEADER,
  SGTIN96_MAX_SERIAL,
  SGTIN_PARTITIONS,
  type Sgtin96Decoded,
  type Sgtin96Encoded,
  type Sgtin96Input,
} from './sgtin96.js';
export { codeSheetPdf, SHEET_MAX_ITEMS, type SheetItem, type SheetOptions } from './sheet.js';
