import { foldToGsm, gsmFriendly, smsSegments } from './sms-segments';

describe('smsSegments', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['one plain character', 'a', 'GSM-7', 1, 1],
    ['160 plain characters', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 plain characters', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 plain characters', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 plain characters', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['GSM accents and symbols', 'é è à ù £ @ ¿ Ñ', 'GSM-7', 15, 1],
    ['a euro sign (extension table)', '€', 'GSM-7', 2, 1],
    ['80 euro signs', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs', '€'.repeat(81), 'GSM-7', 162, 2],
    ['brackets and braces', '[]{}|^~\\', 'GSM-7', 16, 1],
    ['a circumflex (Welsh ŵ)', 'ŵ', 'UCS-2', 1, 1],
    ['a French ç, not in GSM-7 lower case', 'ça', 'UCS-2', 2, 1],
    ['70 UCS-2 characters', 'ê'.repeat(70), 'UCS-2', 70, 1],
    ['71 UCS-2 characters', 'ê'.repeat(71), 'UCS-2', 71, 2],
    ['134 UCS-2 characters', 'ê'.repeat(134), 'UCS-2', 134, 2],
    ['135 UCS-2 characters', 'ê'.repeat(135), 'UCS-2', 135, 3],
    ['a curly apostrophe in 100 plain characters', `${'a'.repeat(99)}’`, 'UCS-2', 100, 2],
    ['an emoji (two UTF-16 units)', '🙂', 'UCS-2', 2, 1],
  ])('given %s, then it is %s, %i units, %i segments', (_, text, encoding, units, segments) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments });
  });
});

describe('gsmFriendly', () => {
  it('given typographic quotes, dashes, ellipses and narrow spaces, then the text becomes GSM-7', () => {
    const text = gsmFriendly('It’s “down” – back at 2:00\u202fPM…\u00a010,00 €');

    expect(text).toBe('It\'s "down" - back at 2:00 PM... 10,00 €');
    expect(smsSegments(text).encoding).toBe('GSM-7');
  });
});

describe('foldToGsm', () => {
  it.each([
    ['French letters GSM-7 lacks', 'Rhône, fenêtre, ça, naïf, cœur', 'Rhone, fenetre, ca, naif, coeur'],
    ['French letters GSM-7 has', 'réparé à Noël, où', 'réparé à Noel, où'],
    ['Welsh circumflexes', 'Ŵyl ym Mhorthmadog, tŷ', 'Wyl ym Mhorthmadog, ty'],
    ['what has no GSM form', 'ok 🙂', 'ok 🙂'],
  ])('given %s, then %p becomes %p', (_, text, folded) => {
    expect(foldToGsm(text)).toBe(folded);
  });
});
