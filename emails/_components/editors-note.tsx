import type { EmailCopy } from '../../src/i18n/reader-copy.ts';
import { Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import { colorClass, theme } from './theme.ts';

/** The editor's note keeps its paragraph breaks; it is text, never markup. */
export function EditorsNote({ note, t }: { note: string; t: EmailCopy }) {
  return (
    // Padding on an outer section, not a margin on a 100%-wide table, which would overflow the column by the margin.
    <Section style={{ padding: '8px 24px' }}>
      <Section className={colorClass.note} style={{ padding: '12px 16px', backgroundColor: theme.canvas, borderLeft: `3px solid ${theme.accent}` }}>
        <Paragraph
          className={colorClass.muted}
          style={{ margin: '0 0 4px', fontFamily: theme.sans, fontSize: 12, fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase', color: theme.muted }}
        >
          {t.fromTheEditor}
        </Paragraph>
        {note.split(/\n{2,}/).map((paragraph, i) => (
          <Paragraph
            key={i}
            className={colorClass.ink}
            style={{ margin: '4px 0', fontFamily: theme.serif, fontSize: 15, lineHeight: '22px', color: theme.ink }}
          >
            {paragraph}
          </Paragraph>
        ))}
      </Section>
    </Section>
  );
}
