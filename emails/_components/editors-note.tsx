import { Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import { theme } from './theme.ts';

/** The editor's note keeps its paragraph breaks; it is text, never markup. */
export function EditorsNote({ note }: { note: string }) {
  return (
    <Section style={{ margin: '8px 24px', padding: '12px 16px', backgroundColor: theme.canvas, borderLeft: `3px solid ${theme.accent}` }}>
      <Paragraph style={{ margin: '0 0 4px', fontFamily: theme.sans, fontSize: 12, fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase', color: theme.muted }}>
        From the editor
      </Paragraph>
      {note.split(/\n{2,}/).map((paragraph, i) => (
        <Paragraph key={i} style={{ margin: '4px 0', fontFamily: theme.serif, fontSize: 15, lineHeight: '22px', color: theme.ink }}>
          {paragraph}
        </Paragraph>
      ))}
    </Section>
  );
}
