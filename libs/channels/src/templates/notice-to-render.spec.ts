import { Gesture, PlannedNotice } from '@pxr/domain';
import { checkRenderedNotice } from './check-rendered-notice';
import { IncidentFacts, noticeToRender } from './notice-to-render';
import { renderNotice } from './render-notice';
import { SAMPLE_SEND_AT, SAMPLE_SENDER, samplePart, sampleRecipient } from './samples';

const incident: IncidentFacts = samplePart('goodwill', 'en').incident;
const facts = new Map([[incident.incidentId, incident]]);

function plannedGoodwill(gesture?: Gesture): PlannedNotice {
  return {
    idempotencyKey: 'CUST-1:goodwill:0123',
    customerId: 'CUST-1',
    kind: 'goodwill',
    channel: 'sms',
    incidentIds: [incident.incidentId],
    parts: [
      {
        incidentId: incident.incidentId,
        kind: 'goodwill',
        revision: 'ledger:7',
        asOf: { at: SAMPLE_SEND_AT, sequence: 1 },
        changes: [],
        ...(gesture === undefined ? {} : { gesture }),
      },
    ],
    plannedAt: SAMPLE_SEND_AT,
  };
}

const gbp = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

describe('noticeToRender: a goodwill notice as planned', () => {
  it.each<[Gesture, string, string]>([
    [
      { kind: 'account-credit', amount: gbp(1000) },
      'To make up for it, we have added a £10.00 credit to your account.',
      'A £10.00 credit for Broadband outage in Manchester',
    ],
    [
      { kind: 'refund', amount: gbp(7500) },
      'To make up for it, we are refunding £75.00 to you.',
      'A £75.00 refund for Broadband outage in Manchester',
    ],
    [
      { kind: 'voucher', amount: gbp(500) },
      'To make up for it, we are giving you a £5.00 voucher.',
      'A £5.00 voucher for Broadband outage in Manchester',
    ],
    [
      { kind: 'priority-callback' },
      'To make up for it, one of our team will call you, ahead of other calls.',
      'We will call you about Broadband outage in Manchester',
    ],
  ])(
    'given %o, then the customer reads what they were given in plain words',
    (gesture, sentence, subject) => {
      const rendered = renderNotice(
        noticeToRender(plannedGoodwill(gesture), facts),
        sampleRecipient('en'),
        SAMPLE_SENDER,
      );

      expect(rendered.sms.body).toContain(sentence);
      expect(rendered.email.text).toContain(sentence);
      expect(rendered.email.subject).toBe(subject);
      expect(checkRenderedNotice(rendered)).toEqual([]);
    },
  );

  it.each<[Gesture, string]>([
    [
      { kind: 'account-credit', amount: gbp(1000) },
      'nous avons ajouté un avoir de 10,00 £GB sur votre compte',
    ],
    [{ kind: 'voucher', amount: { amountMinor: 800, currency: 'EUR' } }, "un bon d'achat de 8,00 €"],
    [{ kind: 'priority-callback' }, 'un membre de notre équipe vous appellera en priorité'],
  ])('given %o for a French customer, then the message says it in French', (gesture, words) => {
    const rendered = renderNotice(
      noticeToRender(plannedGoodwill(gesture), facts),
      sampleRecipient('fr'),
      SAMPLE_SENDER,
    );

    expect(rendered.sms.body.replace(/\s/g, ' ')).toContain(words);
    expect(checkRenderedNotice(rendered)).toEqual([]);
  });

  it('given a goodwill part without its gesture, then it refuses rather than send a vague message', () => {
    expect(() => noticeToRender(plannedGoodwill(), facts)).toThrow('a goodwill part needs its gesture');
  });
});
