export { chooseChannel, type ChannelBlock, type ChannelChoice } from './choose-channel';
export {
  communicationRules,
  DEFAULT_COMMUNICATION_RULES,
  type CommunicationRules,
  type MaterialChange,
  type QuietHours,
  type TimeOfDay,
} from './communication-rules';
export { contactProfileOf, type ContactProfile } from './contact-profile';
export { capAllows, earliestAllowed, type FrequencyCap, type SentMessage } from './frequency-cap';
export { noticeKey } from './notice-key';
export { mostPressingKind, NOTICE_KINDS, type NoticeChannel, type NoticeKind } from './notice-kind';
export type {
  AffectedIncident,
  NoticePart,
  NoticePlan,
  NoticeTrigger,
  PlanNoticesInput,
  PlannedNotice,
  SkippedNotice,
  SkipReason,
  ToldNotice,
} from './notice-plan';
export { planNotices } from './plan-notices';
export {
  recordOutcome,
  type NoticeOutcome,
  type NoticeProgress,
  type NoticeState,
  type RecordedOutcome,
} from './notice-progress';
export { endOfQuietHours, isQuietTime } from './quiet-hours';
