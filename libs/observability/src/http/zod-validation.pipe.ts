import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { fieldsWithNul } from './fields-with-nul';

export interface FieldError {
  field: string;
  message: string;
}

/** Bad input gets a 400 that names every wrong field, so a caller can fix a request in one go. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<S> {
    // A missing body or query is an empty one; a missing named parameter (`@Query('x')`) stays missing.
    const input = value ?? (metadata?.data === undefined ? {} : undefined);
    const withNul = fieldsWithNul(input).map((field) => ({
      field,
      message: 'must not contain a NUL character',
    }));
    const parsed = this.schema.safeParse(input);
    if (parsed.success && withNul.length === 0) return parsed.data;
    const fields: FieldError[] = [
      ...withNul,
      ...(parsed.error?.issues ?? []).map((issue) => ({
        field: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    ];
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `invalid ${this.what}`,
      fields,
    });
  }
}
