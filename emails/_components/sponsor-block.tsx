import type { EmailCopy } from '../../src/i18n/reader-copy.ts';
import { Anchor } from './anchor.tsx';
import { Heading, Img, Section } from 'react-email';
import type { SponsorSlot } from '../../src/sponsors/sponsor.ts';
import { Paragraph } from './paragraph.tsx';
import { altTextStyle, colorClass, pictureLink, theme } from './theme.ts';

/** A sponsor's block, set apart and labelled "Sponsored" so no reader takes it for reporting. */
export function SponsorBlock({ sponsor, t }: { sponsor: SponsorSlot; t: EmailCopy }) {
  return (
    <Section style={{ padding: '12px 24px' }}>
      <Section className={colorClass.note} style={{ padding: '12px 16px', backgroundColor: theme.canvas, border: `1px solid ${theme.rule}` }}>
        <Paragraph
          className={colorClass.muted}
          style={{ margin: '0 0 6px', fontFamily: theme.sans, fontSize: 11, fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase', color: theme.muted }}
        >
          {`${t.sponsored} · ${sponsor.name}`}
        </Paragraph>
        {sponsor.image ? (
          <Anchor href={sponsor.url} skipInText style={pictureLink}>
            <Img
              src={sponsor.image.src}
              alt={sponsor.image.alt}
              width="520"
              className={colorClass.alt}
              style={{ ...altTextStyle, width: '100%', maxWidth: 520, height: 'auto', display: 'block', border: 0, margin: '0 0 8px' }}
            />
          </Anchor>
        ) : null}
        <Heading as="h3" style={{ margin: '0 0 4px', fontFamily: theme.serif, fontSize: 17, lineHeight: '23px' }}>
          <Anchor href={sponsor.url} className={colorClass.ink} style={{ color: theme.ink, textDecoration: 'none' }}>
            {sponsor.headline}
          </Anchor>
        </Heading>
        {sponsor.body ? (
          <Paragraph className={colorClass.muted} style={{ margin: '0 0 6px', fontFamily: theme.sans, fontSize: 14, lineHeight: '20px', color: theme.muted }}>
            {sponsor.body}
          </Paragraph>
        ) : null}
        <Paragraph style={{ margin: 0, fontFamily: theme.sans, fontSize: 13 }}>
          <Anchor href={sponsor.url} className={colorClass.accent} style={{ color: theme.accent, fontWeight: 700 }}>
            {sponsor.cta} →
          </Anchor>
        </Paragraph>
      </Section>
    </Section>
  );
}
