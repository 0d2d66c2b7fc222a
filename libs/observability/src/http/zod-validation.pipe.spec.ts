import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

const pipe = new ZodValidationPipe(z.object({ title: z.string(), count: z.number() }).strict());

function refusal(value: unknown): unknown {
  try {
    pipe.transform(value);
  } catch (error) {
    return (error as BadRequestException).getResponse();
  }
  throw new Error('expected a refusal');
}

describe('ZodValidationPipe', () => {
  it('passes valid input through, parsed', () => {
    expect(pipe.transform({ title: 'Outage', count: 2 })).toEqual({ title: 'Outage', count: 2 });
  });

  it('names a NUL character together with every other wrong field', () => {
    expect(refusal({ title: 'Out\u0000age', count: 'two' })).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid request body',
      fields: [
        { field: 'title', message: 'must not contain a NUL character' },
        { field: 'count', message: expect.stringMatching(/expected number/) },
      ],
    });
  });

  it('refuses a NUL even where the schema alone would accept the text', () => {
    expect(refusal({ title: '\u0000', count: 1 })).toMatchObject({
      fields: [{ field: 'title', message: 'must not contain a NUL character' }],
    });
  });

  it('reads a missing body as empty, but leaves a missing named parameter missing', () => {
    const optional = new ZodValidationPipe(z.string().max(5).optional(), 'messageId');

    expect(refusal(undefined)).toMatchObject({ fields: [{ field: 'title' }, { field: 'count' }] });
    expect(optional.transform(undefined, { type: 'query', data: 'messageId' })).toBeUndefined();
  });
});
