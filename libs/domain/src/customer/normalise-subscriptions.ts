import { normalizePostcode } from '../scope/matches-scope';
import { Subscription } from './customer';
import { FieldProblem } from './field-problem';
import { textWithin } from './text-within';

// Upper-case without spaces (see normalizePostcode); loose enough for non-UK postal codes too.
const POSTCODE = /^[A-Z0-9-]{2,10}$/;

/** Checks each subscription, adding problems by index; the same subscription twice counts once. */
export function normaliseSubscriptions(
  given: readonly Subscription[],
  problems: FieldProblem[],
): Subscription[] {
  const seen = new Map<string, Subscription>();
  given.forEach((subscription, index) => {
    const at = `subscriptions[${index}]`;
    const service = textWithin(subscription.service, 100);
    const region = textWithin(subscription.region, 100);
    const postcode = normalizePostcode(subscription.postcode.trim());
    if (service === undefined)
      problems.push({ field: `${at}.service`, problem: 'required, at most 100 characters' });
    if (region === undefined)
      problems.push({ field: `${at}.region`, problem: 'required, at most 100 characters' });
    if (!POSTCODE.test(postcode)) {
      problems.push({
        field: `${at}.postcode`,
        problem: 'required: letters, digits and hyphens, at most 10',
      });
    }
    if (service === undefined || region === undefined) return;
    seen.set(JSON.stringify([service, region, postcode]), { service, region, postcode });
  });
  return [...seen.values()];
}
