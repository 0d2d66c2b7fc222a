import {
  AlertGroupState,
  alertIncidentId,
  AlertNotification,
  decideAlertAction,
} from './decide-alert-action';
import { AlertIncidentFields } from './map-alert-group';

const FIELDS: AlertIncidentFields = {
  title: 'Broadband down',
  severity: 'major',
  scope: { services: ['broadband'], regions: ['north'], postcodePrefixes: [], customerIds: [] },
  customerImpact: null,
};
const firing = (fields: Partial<AlertIncidentFields> = {}): AlertNotification => ({
  groupId: 'abcdef0123456789',
  status: 'firing',
  fields: { ...FIELDS, ...fields },
});
const resolved: AlertNotification = { groupId: 'abcdef0123456789', status: 'resolved', fields: FIELDS };
const state = (overrides: Partial<AlertGroupState> = {}): AlertGroupState => ({
  incidentId: 'AM-abcdef0123456789',
  occurrence: 1,
  status: 'firing',
  fields: FIELDS,
  ...overrides,
});

describe('decideAlertAction', () => {
  it('raises AM-<group id> when a group fires for the first time', () => {
    expect(decideAlertAction(undefined, firing(), undefined)).toEqual({
      action: 'raise',
      incidentId: 'AM-abcdef0123456789',
      occurrence: 1,
    });
  });

  it('does nothing when a repeated notification maps to the same fields', () => {
    expect(decideAlertAction(state(), firing(), 'monitoring')).toMatchObject({
      action: 'none',
      markResolved: false,
    });
    expect(decideAlertAction(state(), firing(), undefined)).toMatchObject({ action: 'none' });
  });

  it('updates only the fields that changed', () => {
    const scope = { ...FIELDS.scope, regions: ['north', 'south'] };
    expect(decideAlertAction(state(), firing({ severity: 'critical', scope }), 'identified')).toEqual({
      action: 'update',
      incidentId: 'AM-abcdef0123456789',
      occurrence: 1,
      changed: ['severity', 'scope'],
    });
  });

  it('treats an unreadable stored copy as everything changed', () => {
    expect(decideAlertAction(state({ fields: undefined }), firing(), 'identified')).toMatchObject({
      action: 'update',
      changed: ['title', 'severity', 'scope', 'customerImpact'],
    });
  });

  it('resolves a firing group once, then does nothing', () => {
    expect(decideAlertAction(state(), resolved, 'monitoring')).toEqual({
      action: 'resolve',
      incidentId: 'AM-abcdef0123456789',
      occurrence: 1,
    });
    expect(decideAlertAction(state({ status: 'resolved' }), resolved, 'resolved')).toMatchObject({
      action: 'none',
      reason: 'already resolved',
    });
  });

  it('ignores a resolved group it never raised', () => {
    expect(decideAlertAction(undefined, resolved, undefined)).toMatchObject({
      action: 'none',
      markResolved: false,
    });
  });

  it('raises a new incident when a resolved group fires again: a resolved incident is never reopened', () => {
    expect(decideAlertAction(state({ status: 'resolved', occurrence: 2 }), firing(), 'resolved')).toEqual({
      action: 'raise',
      incidentId: 'AM-abcdef0123456789-3',
      occurrence: 3,
    });
  });

  it.each(['resolved', 'cancelled', 'closed'])(
    'leaves an incident that ops %s by hand alone, and records the group as over when it resolves',
    (status) => {
      expect(decideAlertAction(state(), firing({ severity: 'critical' }), status)).toMatchObject({
        action: 'none',
        markResolved: false,
      });
      expect(decideAlertAction(state(), resolved, status)).toMatchObject({
        action: 'none',
        markResolved: true,
      });
    },
  );

  it('numbers recurrences after the first', () => {
    expect([1, 2, 10].map((n) => alertIncidentId('0123456789abcdef', n))).toEqual([
      'AM-0123456789abcdef',
      'AM-0123456789abcdef-2',
      'AM-0123456789abcdef-10',
    ]);
  });
});
