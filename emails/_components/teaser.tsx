import { Column, Heading, Img, Link, Row, Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { CommentLine } from './comment-line.tsx';
import { ExclusiveLabel, isLocked, SubscribeToRead } from './locked.tsx';
import { colorClass, theme } from './theme.ts';

/** One teaser: thumbnail beside headline, dek and comment count. Paid-only stories are locked for free readers. */
export function Teaser({ article, tier, subscribeUrl }: { article: Article; tier: Tier; subscribeUrl: string }) {
  const locked = isLocked(article, tier);
  return (
    <Section className={colorClass.rule} style={{ padding: '14px 24px', borderTop: `1px solid ${theme.rule}` }}>
      <Row>
        {article.image ? (
          <Column width="132" style={{ width: 132, verticalAlign: 'top', paddingRight: 12 }}>
            <Link href={article.url} data-skip-in-text="true">
              <Img src={article.image.src} alt={article.image.alt} width="120" height="80" style={{ display: 'block', width: 120, height: 80, objectFit: 'cover', border: 0 }} />
            </Link>
          </Column>
        ) : null}
        <Column style={{ verticalAlign: 'top' }}>
          {locked ? <ExclusiveLabel /> : null}
          <Heading as="h3" className={colorClass.ink} style={{ margin: '0 0 4px', fontFamily: theme.serif, fontSize: 18, lineHeight: '24px', color: theme.ink }}>
            <Link href={article.url} className={colorClass.ink} style={{ color: theme.ink, textDecoration: 'none' }}>
              {article.headline}
            </Link>
          </Heading>
          {article.dek ? (
            <Paragraph className={colorClass.muted} style={{ margin: 0, fontFamily: theme.sans, fontSize: 14, lineHeight: '20px', color: theme.muted }}>
              {article.dek}
            </Paragraph>
          ) : null}
          {locked ? <SubscribeToRead subscribeUrl={subscribeUrl} /> : <CommentLine article={article} tier={tier} />}
        </Column>
      </Row>
    </Section>
  );
}
