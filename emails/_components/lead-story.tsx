import type { EmailCopy } from '../../src/i18n/reader-copy.ts';
import { Anchor } from './anchor.tsx';
import { Heading, Img, Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { CommentLine } from './comment-line.tsx';
import { ExclusiveLabel, isLocked, SubscribeToRead } from './locked.tsx';
import { altTextStyle, colorClass, pictureLink, theme } from './theme.ts';

export function LeadStory({ article, tier, subscribeUrl, t }: { article: Article; tier: Tier; subscribeUrl: string; t: EmailCopy }) {
  const locked = isLocked(article, tier);
  return (
    <Section style={{ padding: '20px 24px 8px' }}>
      {locked ? (
        <ExclusiveLabel t={t} />
      ) : article.section ? (
        <Paragraph
          className={colorClass.accent}
          style={{
            margin: '0 0 6px',
            fontFamily: theme.sans,
            fontSize: 12,
            fontWeight: 700,
            letterSpacing: 1,
            textTransform: 'uppercase',
            color: theme.accent,
          }}
        >
          {article.section}
        </Paragraph>
      ) : null}
      {article.image ? (
        <Anchor href={article.url} skipInText hidden={article.image.altMissing} style={pictureLink}>
          <Img
            src={article.image.src}
            alt={article.image.alt}
            width="552"
            className={colorClass.alt}
            style={{ ...altTextStyle, fontSize: 14, lineHeight: '20px', width: '100%', maxWidth: 552, height: 'auto', display: 'block', border: 0 }}
          />
        </Anchor>
      ) : null}
      {article.image?.caption || article.image?.credit ? (
        <Paragraph className={colorClass.muted} style={{ margin: '4px 0 0', fontFamily: theme.sans, fontSize: 12, color: theme.muted }}>
          {[article.image.caption, article.image.credit].filter(Boolean).join(' · ')}
        </Paragraph>
      ) : null}
      <Heading as="h2" style={{ margin: '12px 0 8px', fontFamily: theme.serif, fontSize: 26, lineHeight: '32px' }}>
        <Anchor href={article.url} className={colorClass.ink} style={{ color: theme.ink, textDecoration: 'none' }}>
          {article.headline}
        </Anchor>
      </Heading>
      {article.dek ? (
        <Paragraph className={colorClass.ink} style={{ margin: '0 0 8px', fontFamily: theme.serif, fontSize: 17, lineHeight: '26px', color: theme.ink }}>
          {article.dek}
        </Paragraph>
      ) : null}
      {article.byline ? (
        <Paragraph className={colorClass.muted} style={{ margin: 0, fontFamily: theme.sans, fontSize: 13, color: theme.muted }}>
          {article.byline}
        </Paragraph>
      ) : null}
      {locked ? (
        <SubscribeToRead subscribeUrl={subscribeUrl} t={t} />
      ) : (
        <>
          <CommentLine article={article} tier={tier} t={t} />
          <Paragraph style={{ margin: '10px 0 0', fontFamily: theme.sans, fontSize: 14 }}>
            <Anchor href={article.url} className={colorClass.accent} style={{ color: theme.accent, fontWeight: 700 }}>
              {`${t.readFullStory} →`}
            </Anchor>
          </Paragraph>
        </>
      )}
    </Section>
  );
}
