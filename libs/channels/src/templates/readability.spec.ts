import { fleschReadingEase, sentencesOf, syllables } from './readability';

describe('syllables', () => {
  it.each([
    ['the', 1],
    ['you', 1],
    ['fixed', 1],
    ['makes', 1],
    ['broadband', 2],
    ['outage', 2],
    ['service', 2],
    ['problem', 2],
    ['update', 2],
    ['wanted', 2],
    ['needed', 2],
    ['table', 2],
    ['expect', 2],
    ['engineers', 3],
    ['customer', 3],
    ['tomorrow', 3],
    ['information', 4],
    ['minutes', 2],
    ['14:00', 1],
    ["don't", 1],
  ])('given %p, then it has %i syllables', (word, count) => {
    expect(syllables(word)).toBe(count);
  });
});

describe('sentencesOf', () => {
  it('given lines, colons and full stops, then each ends a sentence; times, amounts and links do not', () => {
    expect(
      sentencesOf(
        'Fixed: broadband outage. It cost £10.00 at 14:00!\nReply to help@example.com or https://x.example/a.b',
      ),
    ).toEqual([
      ['Fixed'],
      ['broadband', 'outage'],
      ['It', 'cost', '10.00', 'at', '14:00'],
      ['Reply', 'to', 'or'],
    ]);
  });
});

describe('fleschReadingEase', () => {
  it.each([
    ['short plain sentences', 'Your broadband is down. We are fixing it. We will text you by noon.', 90, 120],
    [
      'corporate prose',
      'Subsequent to comprehensive investigation, our organisation has determined that intermittent degradation of connectivity necessitates infrastructural remediation.',
      -100,
      0,
    ],
  ])('given %s, then the score is between %i and %i', (_, text, low, high) => {
    const score = fleschReadingEase(text);

    expect(score).toBeGreaterThanOrEqual(low);
    expect(score).toBeLessThanOrEqual(high);
  });

  it('given no words, then it is trivially easy', () => {
    expect(fleschReadingEase(' \n ')).toBe(100);
  });
});
