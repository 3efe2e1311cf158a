import { Heading, Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import { colorClass, theme } from './theme.ts';

/** The edition's date as the list's language writes it (`Thursday, November 21, 2024`, `jueves, 21 de noviembre de 2024`). */
export function formatEditionDate(isoDate: string, lang = 'en'): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return date.toLocaleDateString(lang === 'en' ? 'en-US' : lang, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** The email's one h1: the newsletter's name. */
export function Masthead({ listName, editionDate, greeting, lang }: { listName: string; editionDate: string; greeting: string; lang?: string }) {
  return (
    <Section className={colorClass.rule} style={{ padding: '24px 24px 8px', borderBottom: `3px double ${theme.ink}` }}>
      <Paragraph
        className={colorClass.muted}
        style={{ margin: 0, fontFamily: theme.sans, fontSize: 12, letterSpacing: 1, textTransform: 'uppercase', color: theme.muted }}
      >
        {formatEditionDate(editionDate, lang)}
      </Paragraph>
      <Heading as="h1" className={colorClass.ink} style={{ margin: '4px 0 8px', fontFamily: theme.serif, fontSize: 32, lineHeight: '38px', color: theme.ink }}>
        {listName}
      </Heading>
      <Paragraph className={colorClass.ink} style={{ margin: '0 0 8px', fontFamily: theme.sans, fontSize: 15, color: theme.ink }}>
        {greeting}
      </Paragraph>
    </Section>
  );
}
