import { describe, expect, it } from 'vitest';
import { graphqlResponse, negotiateMediaType, operationsOf } from './graphql-http.js';

describe('negotiateMediaType', () => {
  it('answers application/json without Accept, for */* and for a type it does not serve', () => {
    expect(negotiateMediaType(undefined)).toBe('application/json');
    expect(negotiateMediaType('*/*')).toBe('application/json');
    expect(negotiateMediaType('text/html')).toBe('application/json');
  });
  it('answers application/graphql-response+json when the client ranks it first', () => {
    expect(negotiateMediaType('application/graphql-response+json')).toBe('application/graphql-response+json');
    expect(negotiateMediaType('application/graphql-response+json, application/json;q=0.9')).toBe('application/graphql-response+json');
    expect(negotiateMediaType('application/json, application/graphql-response+json')).toBe('application/json');
    expect(negotiateMediaType('application/json;q=0.5, application/graphql-response+json')).toBe('application/graphql-response+json');
    expect(negotiateMediaType('application/graphql-response+json;q=0, application/json')).toBe('application/json');
  });
});

describe('operationsOf', () => {
  it('reads the type and name of each operation, skipping fragments, strings and comments', () => {
    expect(operationsOf('{ __typename }')).toEqual([{ type: 'query', name: undefined }]);
    expect(operationsOf('mutation { __typename }')).toEqual([{ type: 'mutation', name: undefined }]);
    expect(
      operationsOf('# mutation in a comment\nquery A($v: In = {a: "mutation {"}) @x { f(s: """ } """) } fragment F on mutation { g } subscription B { h }'),
    ).toEqual([
      { type: 'query', name: 'A' },
      { type: 'subscription', name: 'B' },
    ]);
    expect(operationsOf('query @dir { f }')).toEqual([{ type: 'query', name: undefined }]);
  });
  it('is undefined for text that does not lex (the engine reports the syntax error)', () => {
    expect(operationsOf('{ f(s: "open) }')).toBeUndefined();
    expect(operationsOf('{ f { g }')).toBeUndefined();
    expect(operationsOf('} {')).toBeUndefined();
  });
});

describe('graphqlResponse', () => {
  it('keeps an executed answer (even with field errors) at 200', () => {
    const answer = { data: { events: null }, errors: [{ message: 'no', path: ['events'] }] };
    expect(graphqlResponse(answer, 'application/graphql-response+json')).toEqual({ status: 200, body: answer });
  });
  it('sends a request error without data: 400 for application/graphql-response+json, 200 for application/json', () => {
    const parse = { errors: [{ message: 'Syntax Error' }] };
    expect(graphqlResponse(parse, 'application/graphql-response+json')).toEqual({ status: 400, body: parse });
    expect(graphqlResponse(parse, 'application/json')).toEqual({ status: 200, body: parse });
    const coercion = { data: null, errors: [{ message: 'Variable "$n" of non-null type "Int!" must not be null.' }] };
    expect(graphqlResponse(coercion, 'application/graphql-response+json')).toEqual({ status: 400, body: { errors: coercion.errors } });
  });
});
