import { describe, expect, it } from 'vitest';
import { fieldKindOf, kebabCase, parseValue, ValueError } from './option-kinds.js';

describe('fieldKindOf', () => {
  it('reads plain types, enums, unions and refs', () => {
    expect(fieldKindOf({ type: 'string' })).toMatchObject({ kind: 'string', acceptsBoolean: false });
    expect(fieldKindOf({ type: 'integer', minimum: 0 })).toMatchObject({ kind: 'number' });
    expect(fieldKindOf({ type: 'boolean' })).toMatchObject({ kind: 'boolean', acceptsBoolean: true });
    expect(fieldKindOf({ type: 'array', items: { type: 'string' } })).toMatchObject({ kind: 'json' });
    expect(fieldKindOf({ type: 'object' })).toMatchObject({ kind: 'json' });
    expect(fieldKindOf({ type: 'string', enum: ['hour', 'day'] })).toMatchObject({ kind: 'string', choices: ['hour', 'day'] });
    expect(fieldKindOf({ anyOf: [{ type: 'string' }, { type: 'object' }] })).toMatchObject({ kind: 'auto', acceptsString: true });
    expect(fieldKindOf({ anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['0', '1'] }] })).toMatchObject({ kind: 'auto', acceptsBoolean: true });
    expect(fieldKindOf({ anyOf: [{ type: 'number' }, { type: 'null' }] })).toMatchObject({ kind: 'number' });
    expect(fieldKindOf({ $ref: '#/$defs/Thing' })).toMatchObject({ kind: 'auto', acceptsString: true });
  });
});

describe('parseValue', () => {
  it('keeps strings, parses numbers, booleans and JSON', () => {
    expect(parseValue('007', fieldKindOf({ type: 'string' }))).toBe('007');
    expect(parseValue('1.5', fieldKindOf({ type: 'number' }))).toBe(1.5);
    expect(parseValue('false', fieldKindOf({ type: 'boolean' }))).toBe(false);
    expect(parseValue('["a"]', fieldKindOf({ type: 'array' }))).toEqual(['a']);
    expect(parseValue('{"id":"u1"}', fieldKindOf({ anyOf: [{ type: 'string' }, { type: 'object' }] }))).toEqual({ id: 'u1' });
    expect(parseValue('u1', fieldKindOf({ anyOf: [{ type: 'string' }, { type: 'object' }] }))).toBe('u1');
  });

  it('rejects what the field cannot hold', () => {
    expect(() => parseValue('ten', fieldKindOf({ type: 'integer' }))).toThrow(ValueError);
    expect(() => parseValue('', fieldKindOf({ type: 'number' }))).toThrow('Expected a number');
    expect(() => parseValue('yes', fieldKindOf({ type: 'boolean' }))).toThrow('Expected true or false');
    expect(() => parseValue('{oops', fieldKindOf({ type: 'object' }))).toThrow('Expected JSON');
    expect(() => parseValue('maybe', fieldKindOf({ anyOf: [{ type: 'number' }, { type: 'boolean' }] }))).toThrow('Expected JSON');
  });
});

it('kebabCase turns field and tool names into flags and commands', () => {
  expect(kebabCase('conversionWindowHours')).toBe('conversion-window-hours');
  expect(kebabCase('query_metrics')).toBe('query-metrics');
  expect(kebabCase('group_by')).toBe('group-by');
});
