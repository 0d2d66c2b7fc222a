import { z } from 'zod';

/** What `POST /integrations/alertmanager` did with one notification; Alertmanager itself reads only the status. */
export const alertNotificationOutcomeSchema = z.object({
  action: z.enum(['raised', 'updated', 'unchanged', 'resolved']),
  groupKey: z.string(),
  incidentId: z.string().optional(),
  eventId: z.string().optional().describe('CloudEvents id of the incident event produced, when one was'),
  changed: z.array(z.string()).optional().describe('Incident fields an update changed'),
  reason: z.string().optional().describe('Why nothing was sent'),
});

export type AlertNotificationOutcome = z.infer<typeof alertNotificationOutcomeSchema>;
