import { describe, expect, it } from 'vitest';
import { coerceQuery } from './coerce-query.js';

const schema = {
  type: 'object',
  properties: {
    limit: { type: 'integer' },
    ratio: { type: 'number' },
    persist: { type: 'boolean' },
    names: { type: 'array', items: { type: 'string' } },
    hours: { type: 'array', items: { type: 'integer' } },
    filter: { type: 'object' },
    step: { $ref: '#/$defs/Step' },
    strict: { anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['0', '1', 'true', 'false'] }] },
    cursor: { type: 'string' },
    maybe: { type: ['integer', 'null'] },
  },
  $defs: { Step: { type: 'object', properties: { event: { type: 'string' } } } },
};

const coerce = (query: string) => coerceQuery(new URLSearchParams(query), schema);

describe('coerceQuery', () => {
  it('turns numbers, integers and booleans into their types', () => {
    expect(coerce('limit=10&ratio=0.5&persist=true')).toEqual({ limit: 10, ratio: 0.5, persist: true });
    expect(coerce('persist=0')).toEqual({ persist: false });
    expect(coerce('maybe=null')).toEqual({ maybe: null });
  });

  it('reads arrays from repeated parameters, comma lists and JSON', () => {
    expect(coerce('names=a&names=b')).toEqual({ names: ['a', 'b'] });
    expect(coerce('names=a,b')).toEqual({ names: ['a', 'b'] });
    expect(coerce('hours=1,2&hours=3')).toEqual({ hours: [1, 2, 3] });
    expect(coerce('names=["x,y","z"]')).toEqual({ names: ['x,y', 'z'] });
  });

  it('parses objects (also behind a $ref) as JSON', () => {
    expect(coerce('filter={"a":1}&step={"event":"order.created"}')).toEqual({ filter: { a: 1 }, step: { event: 'order.created' } });
  });

  it('keeps text when a string branch or enum accepts it, and passes misfits on unchanged', () => {
    expect(coerce('strict=1&cursor=123')).toEqual({ strict: '1', cursor: '123' });
    expect(coerce('limit=ten&filter={oops')).toEqual({ limit: 'ten', filter: '{oops' });
    expect(coerce('unknown=5')).toEqual({ unknown: '5' });
  });

  it('leaves out omitted names and __proto__', () => {
    expect(coerceQuery(new URLSearchParams('key=secret&limit=1&__proto__=x'), schema, new Set(['key']))).toEqual({ limit: 1 });
  });
});
