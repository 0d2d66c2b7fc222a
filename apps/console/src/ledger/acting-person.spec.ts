import type { Request } from 'express';
import { CompensationErrorCode } from '@pxr/domain';
import { actingPerson } from './acting-person';
import { httpStatusOf } from './compensation-error.filter';

const request = (headers: Record<string, string>, principal?: { id: string }) =>
  ({ headers, principal }) as unknown as Request;

describe('actingPerson', () => {
  it.each<[string, Request, string | undefined, string]>([
    ['the authenticated principal', request({}, { id: 'Carol' }), undefined, 'carol'],
    [
      'the principal, not a header a caller could forge',
      request({ 'x-pxr-actor': 'bob' }, { id: 'carol' }),
      undefined,
      'carol',
    ],
    ['the principal, when the body agrees', request({}, { id: 'erin' }), 'Erin', 'erin'],
  ])('reads %s', (_, given, named, actor) => {
    expect(actingPerson(given, named)).toBe(actor);
  });

  it.each<[string, Request, string | undefined]>([
    ['nobody', request({}), undefined],
    ['a header alone', request({ 'x-pxr-actor': 'bob' }), undefined],
    ['the system', request({}, { id: 'system' }), undefined],
    ['a body that names someone else', request({}, { id: 'bob' }), 'carol'],
  ])('refuses %s', (_, given, named) => {
    expect(() => actingPerson(given, named)).toThrow(
      expect.objectContaining({ code: CompensationErrorCode.InvalidActor }),
    );
  });
});

describe('httpStatusOf', () => {
  it.each<[CompensationErrorCode, number]>([
    [CompensationErrorCode.InvalidActor, 400],
    [CompensationErrorCode.InvalidGesture, 400],
    [CompensationErrorCode.SameReviewer, 403],
    [CompensationErrorCode.RequestNotFound, 404],
    [CompensationErrorCode.EntryNotFound, 404],
    [CompensationErrorCode.AlreadyReviewed, 409],
    [CompensationErrorCode.AlreadyReversed, 409],
    [CompensationErrorCode.NotReversible, 409],
  ])('answers %s with %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });
});
