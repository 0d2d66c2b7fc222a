import { checkPlainLanguage, PlainLanguageRule } from './plain-language';

const rulesBroken = (text: string, locale = 'en-GB') =>
  checkPlainLanguage(text, locale).map((problem) => problem.rule);

const PLAIN_EN =
  'Your broadband is down. Engineers are mending a cable near you. We expect to fix it by 15:00. ' +
  'We will text you again by 12:00. Reply to this text to talk to us.';
const PLAIN_FR =
  'Votre connexion internet est coupée. Nos techniciens réparent un câble. ' +
  'Nous vous donnerons des nouvelles avant 12:00. Répondez à ce SMS pour nous écrire.';

describe('checkPlainLanguage', () => {
  it.each([
    ['en-GB', PLAIN_EN],
    ['fr-FR', PLAIN_FR],
  ])('given a plain %s message, then it passes', (locale, text) => {
    expect(checkPlainLanguage(text, locale)).toEqual([]);
  });

  it.each<[string, string, string, PlainLanguageRule]>([
    ['en-GB', 'blame on a third party', `${PLAIN_EN} The fault is due to a third party.`, 'blame-shifting'],
    ['en-GB', 'blame on a supplier', `${PLAIN_EN} Our supplier cut the cable.`, 'blame-shifting'],
    ['en-GB', 'circumstances beyond control', `${PLAIN_EN} This was beyond our control.`, 'blame-shifting'],
    ['en-GB', 'denying fault', `${PLAIN_EN} It was not our fault.`, 'blame-shifting'],
    ['en-GB', 'the worn apology', `${PLAIN_EN} We apologise for any inconvenience.`, 'boilerplate-apology'],
    [
      'en-GB',
      'apologise for any, with a curly quote',
      `${PLAIN_EN} We’re sorry for any trouble.`,
      'boilerplate-apology',
    ],
    ['en-GB', 'thanks for patience', `${PLAIN_EN} Thank you for your patience.`, 'boilerplate-apology'],
    ['en-GB', 'a no-reply notice', `${PLAIN_EN} Please do not reply to this message.`, 'no-reply'],
    [
      'en-GB',
      'a no-reply address in the text',
      `${PLAIN_EN} Sent from noreply@northwind.example.`,
      'no-reply',
    ],
    [
      'en-GB',
      'a 30-word sentence',
      `${PLAIN_EN} ${'We are working on it and '.repeat(6)}more.`,
      'sentence-length',
    ],
    [
      'en-GB',
      'corporate prose',
      'Subsequent to comprehensive investigation, our organisation has determined that intermittent degradation of ' +
        'connectivity necessitates infrastructural remediation. Restoration is anticipated imminently.',
      'readability',
    ],
    ['fr-FR', 'a third party', `${PLAIN_FR} La panne vient d'un tiers.`, 'blame-shifting'],
    [
      'fr-FR',
      'beyond our control',
      `${PLAIN_FR} Cette panne est indépendante de notre volonté.`,
      'blame-shifting',
    ],
    [
      'fr-FR',
      'the worn apology',
      `${PLAIN_FR} Veuillez nous excuser pour la gêne occasionnée.`,
      'boilerplate-apology',
    ],
    ['fr-FR', 'a no-reply notice', `${PLAIN_FR} Merci de ne pas répondre à ce message.`, 'no-reply'],
  ])('given a %s message with %s, then it fails %s', (locale, _, text, rule) => {
    expect(rulesBroken(text, locale)).toContain(rule);
  });

  it('given a short text, then reading ease is not judged: one long word would swing it', () => {
    expect(rulesBroken('Update: Broadband outage in Manchester')).toEqual([]);
  });

  it('given French, then the English reading-ease formula is not applied', () => {
    const dense =
      'Réinitialisation administrative des infrastructures électroniques régionales indispensable.';

    expect(rulesBroken(`${PLAIN_FR} ${dense} ${dense}`, 'fr-FR')).toEqual([]);
    expect(rulesBroken(`${PLAIN_FR} ${dense} ${dense}`, 'en-GB')).toContain('readability');
  });

  it('given an unknown locale, then the English rules apply', () => {
    expect(rulesBroken(`${PLAIN_EN} We apologise for any inconvenience.`, 'de-DE')).toContain(
      'boilerplate-apology',
    );
  });

  it('given a problem, then the detail names the offending phrase', () => {
    expect(checkPlainLanguage(`${PLAIN_EN} Our supplier failed.`, 'en-GB')).toEqual([
      { rule: 'blame-shifting', detail: '"our supplier"' },
    ]);
  });
});
