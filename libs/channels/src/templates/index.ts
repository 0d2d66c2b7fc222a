export {
  checkRenderedNotice,
  DEFAULT_MESSAGE_LIMITS,
  isNoReplyAddress,
  type MessageLimits,
  type MessageProblem,
  type MessageRule,
} from './check-rendered-notice';
export {
  goodwillGestureOf,
  inReadingOrder,
  noticeToRender,
  type GoodwillGesture,
  type IncidentFacts,
  type NoticeToRender,
  type PartToRender,
  type Recipient,
  type SenderDetails,
} from './notice-to-render';
export {
  checkPlainLanguage,
  DEFAULT_PLAIN_LANGUAGE_LIMITS,
  type PlainLanguageLimits,
  type PlainLanguageProblem,
  type PlainLanguageRule,
} from './plain-language';
export { fleschReadingEase, syllables } from './readability';
export { escapeHtml, type RenderedEmail } from './render-email';
export {
  DEFAULT_RENDER_OPTIONS,
  renderNotice,
  toNotificationContent,
  unsubscribeUrl,
  type RenderedNotice,
  type RenderOptions,
} from './render-notice';
export { type RenderedSms } from './render-sms';
export { renderSamples, SAMPLE_SENDER, type RenderedSample } from './samples';
export { foldToGsm, gsmFriendly, smsSegments, type SmsEncoding, type SmsSegments } from './sms-segments';
export {
  resolveLocale,
  TEMPLATE_LANGUAGES,
  type ResolvedLocale,
  type TemplateLanguage,
} from './template-language';
