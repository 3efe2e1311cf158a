import type { OutgoingEmail } from '../../src/transports/email-transport.ts';

/** One email as the pipeline hands it to a transport: a Spanish sender and subject, one-click unsubscribe headers. */
export const outgoingEmail = (to: string): OutgoingEmail => ({
  from: 'Diario Ñandú <digest@news.broadsheet.example>',
  to,
  subject: 'Mañana: la reforma',
  html: '<p>hola</p>',
  text: 'hola',
  headers: { 'List-Unsubscribe': '<https://letters.broadsheet.example/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [{ name: 'edition', value: 'e1' }],
});
