import type { Request } from 'express';
import { CompensationErrorCode } from '@pxr/domain';
import { actingPerson } from './acting-person';
import { httpStatusOf } from './compensation-error.filter';

const request = (headers: Record<string, string>, principal?: { id: string }) =>
  ({ headers, principal }) as unknown as Request;

describe('actingPerson', () => {
  it.each<[string, Request, string | undefined, string]>([
    ['the x-pxr-actor header', request({ 'x-pxr-actor': 'Bob' }), undefined, 'bob'],
    [
      'the authenticated principal before the header',
      request({ 'x-pxr-actor': 'bob' }, { id: 'carol' }),
      undefined,
      'carol',
    ],
    ['the body, when nothing else names anyone', request({}), 'dave', 'dave'],
    ['the header, when the body agrees', request({ 'x-pxr-actor': 'erin' }), 'Erin', 'erin'],
  ])('reads %s', (_, given, named, actor) => {
    expect(actingPerson(given, named)).toBe(actor);
  });

  it.each<[string, Request, string | undefined]>([
    ['nobody', request({}), undefined],
    ['the system', request({ 'x-pxr-actor': 'system' }), undefined],
    ['a body that names someone else', request({ 'x-pxr-actor': 'bob' }), 'carol'],
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
