export type JourneyEventType =
  | 'noticeSent'
  | 'updateSent'
  | 'resolutionNoticeSent'
  | 'compensationDecided'
  | 'closed'
  | 'leftScope'
  | 'reenteredScope';

export interface JourneyEvent {
  readonly type: JourneyEventType;
  readonly at: Date;
}
