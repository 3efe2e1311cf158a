import { Column, Heading, Img, Link, Row, Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { CommentLine } from './comment-line.tsx';
import { theme } from './theme.ts';

/** One teaser: thumbnail beside headline, dek and comment count. Paid-only stories are marked for free readers. */
export function Teaser({ article, tier, subscribeUrl }: { article: Article; tier: Tier; subscribeUrl: string }) {
  const locked = article.access === 'paid' && tier === 'free';
  return (
    <Section style={{ padding: '14px 24px', borderTop: `1px solid ${theme.rule}` }}>
      <Row>
        {article.image ? (
          <Column width="132" style={{ width: 132, verticalAlign: 'top', paddingRight: 12 }}>
            <Link href={article.url} data-skip-in-text="true">
              <Img src={article.image.src} alt={article.image.alt} width="120" height="80" style={{ display: 'block', width: 120, height: 80, objectFit: 'cover', border: 0 }} />
            </Link>
          </Column>
        ) : null}
        <Column style={{ verticalAlign: 'top' }}>
          {locked ? (
            <Paragraph style={{ margin: '0 0 4px', fontFamily: theme.sans, fontSize: 11, fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase', color: theme.accent }}>
              Subscriber exclusive
            </Paragraph>
          ) : null}
          <Heading as="h3" style={{ margin: '0 0 4px', fontFamily: theme.serif, fontSize: 18, lineHeight: '24px', color: theme.ink }}>
            <Link href={article.url} style={{ color: theme.ink, textDecoration: 'none' }}>
              {article.headline}
            </Link>
          </Heading>
          {article.dek ? <Paragraph style={{ margin: 0, fontFamily: theme.sans, fontSize: 14, lineHeight: '20px', color: theme.muted }}>{article.dek}</Paragraph> : null}
          {locked ? (
            <Paragraph style={{ margin: '6px 0 0', fontFamily: theme.sans, fontSize: 13 }}>
              <Link href={subscribeUrl} style={{ color: theme.accent }}>
                Subscribe to read
              </Link>
            </Paragraph>
          ) : (
            <CommentLine article={article} tier={tier} />
          )}
        </Column>
      </Row>
    </Section>
  );
}
