export * from './assert-never';
export * from './errors';

export * from './incident/incident';
export * from './incident/incident-events';
export * from './incident/incident-version';
export * from './incident/incident-transitions';
export * from './incident/incident-changes';
export * from './incident/incident-phases';
export * from './incident/settle-incident';
export * from './incident/apply-incident-event';
export * from './incident/evolve-incident';

export * from './journey/journey';
export * from './journey/journey-events';
export * from './journey/journey-transitions';
export * from './journey/evolve-journey';
export * from './journey/record-contact';
export * from './journey/journeys-accepting';

export * from './scope/matches-scope';
export * from './scope/same-scope';

export * from './commitment/commitment';
export * from './commitment/promise';
export * from './commitment/keep';
export * from './commitment/due-commitments';

export * from './customer/customer';
export * from './customer/field-problem';
export * from './customer/normalise-customer';
export * from './customer/normalise-email';
export * from './customer/normalise-locale';
export * from './customer/normalise-phone';

export * from './communication';
export * from './compensation';
