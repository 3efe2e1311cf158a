import type { EmailCopy } from '../../src/i18n/reader-copy.ts';
import { Anchor } from './anchor.tsx';
import { Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import type { DigestTemplateProps } from './types.ts';
import { colorClass, theme } from './theme.ts';

type FooterProps = Pick<DigestTemplateProps, 'listName' | 'publisher' | 'links' | 'recipientEmail' | 'tier'> & { t: EmailCopy };

export function Footer({ listName, publisher, links, recipientEmail, tier, t }: FooterProps) {
  const small = { margin: '6px 0', fontFamily: theme.sans, fontSize: 12, lineHeight: '18px', color: theme.muted } as const;
  const link = { color: theme.muted, textDecoration: 'underline' } as const;
  const muted = colorClass.muted;
  return (
    <Section className={colorClass.rule} style={{ padding: '20px 24px 28px', borderTop: `3px double ${theme.ink}` }}>
      {tier === 'free' ? (
        <Paragraph className={muted} style={small}>
          {t.paidPitch}{' '}
          <Anchor href={links.subscribe} className={colorClass.accent} style={{ ...link, color: theme.accent }}>
            {t.becomePaid}
          </Anchor>
        </Paragraph>
      ) : null}
      <Paragraph className={muted} style={small}>
        {t.youReceive(listName, recipientEmail)}{' '}
        <Anchor href={links.viewInBrowser} className={muted} style={link}>
          {t.viewInBrowser}
        </Anchor>{' '}
        ·{' '}
        <Anchor href={links.preferences} className={muted} style={link}>
          {t.managePreferences}
        </Anchor>{' '}
        ·{' '}
        <Anchor href={links.unsubscribe} className={muted} style={link}>
          {t.unsubscribe}
        </Anchor>
        {links.unsubscribeAll ? (
          <>
            {' '}
            ·{' '}
            <Anchor href={links.unsubscribeAll} className={muted} style={link}>
              {t.unsubscribeAll}
            </Anchor>
          </>
        ) : null}
      </Paragraph>
      <Paragraph className={muted} style={small}>
        {publisher.name} · {publisher.postalAddress}
      </Paragraph>
    </Section>
  );
}
