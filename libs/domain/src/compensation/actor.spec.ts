import { parseActor } from './actor';
import { CompensationErrorCode } from './compensation-error';

describe('parseActor', () => {
  it.each([
    [' Alice.Smith@pxr ', 'alice.smith@pxr'],
    ['bob', 'bob'],
  ])('reads %p as %p', (raw, actor) => {
    expect(parseActor(raw)).toBe(actor);
  });

  it.each([undefined, '', '  ', 'System', 'has space', 'x'.repeat(101), '-leading'])('refuses %p', (raw) => {
    expect(() => parseActor(raw)).toThrow(
      expect.objectContaining({ code: CompensationErrorCode.InvalidActor }),
    );
  });
});
