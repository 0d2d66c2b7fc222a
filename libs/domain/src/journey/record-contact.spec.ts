import { aJourney, journeyAfter } from '../testing/journey.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { evolveJourney } from './evolve-journey';
import { recordContact } from './record-contact';

describe('recordContact', () => {
  it('given a customer not yet notified, when they contact us, then they contacted before being notified', () => {
    expect(recordContact(aJourney(), minutesAfterT0(5)).contactedBeforeNotified).toBe(true);
  });

  it('given a customer notified at minute 1, when they contact us later, then that is not before notification', () => {
    expect(recordContact(journeyAfter('noticeSent'), minutesAfterT0(5)).contactedBeforeNotified).toBe(false);
  });

  it('given a contact that happened before the notice but is reported after it, then it counts as before', () => {
    const notifiedAtMinute2 = journeyAfter('leftScope', 'reenteredScope', 'noticeSent');

    expect(recordContact(notifiedAtMinute2, minutesAfterT0(1)).contactedBeforeNotified).toBe(true);
  });

  it('given a contact at exactly the notice time, then we reached them first', () => {
    expect(recordContact(journeyAfter('noticeSent'), minutesAfterT0(1)).contactedBeforeNotified).toBe(false);
  });

  it('given it was already recorded, when a later contact arrives after the notice, then it stays true', () => {
    const contactedFirst = recordContact(aJourney(), minutesAfterT0(0));
    const thenNotified = evolveJourney(contactedFirst, { type: 'noticeSent', at: minutesAfterT0(1) });

    const contactedAgain = recordContact(thenNotified, minutesAfterT0(9));

    expect(contactedAgain.contactedBeforeNotified).toBe(true);
    expect(contactedAgain).toBe(thenNotified);
  });
});
