import { ledgerCondition, parameterBinder } from './ledger-filter';

describe('ledgerCondition', () => {
  it('given no filter, then it selects everything', () => {
    expect(ledgerCondition({}, parameterBinder([]))).toBe('true');
  });

  it('given every filter, then each becomes a bound condition, numbered after the parameters already bound', () => {
    const params: unknown[] = ['already bound'];

    const sql = ledgerCondition(
      {
        incidentId: 'INC-1',
        customerId: 'C-1',
        from: new Date('2026-11-01T00:00:00Z'),
        to: new Date('2026-12-01T00:00:00Z'),
        approver: 'bob',
        policyVersion: 'v1',
        types: ['grant', 'approval'],
      },
      parameterBinder(params),
    );

    expect(sql).toBe(
      'e.incident_id = $2::text AND e.customer_id = $3::text AND e.created_at >= $4::timestamptz AND ' +
        'e.created_at < $5::timestamptz AND e.approved_by = $6::text AND e.policy_version = $7::text AND ' +
        'e.type IN ($8::text, $9::text)',
    );
    expect(params).toEqual([
      'already bound',
      'INC-1',
      'C-1',
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      'bob',
      'v1',
      'grant',
      'approval',
    ]);
  });

  it('given a binder that quotes literals (for COPY), then values are written by it, never spliced raw', () => {
    const quoted = ledgerCondition({ customerId: "O'Brien" }, (value, cast) => `<${value}>::${cast}`);

    expect(quoted).toBe("e.customer_id = <O'Brien>::text");
  });
});
