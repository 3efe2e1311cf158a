import type { EmailCopy } from '../../src/i18n/reader-copy.ts';
import { Anchor } from './anchor.tsx';
import { Heading, Img, Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { CommentLine } from './comment-line.tsx';
import { ExclusiveLabel, isLocked, SubscribeToRead } from './locked.tsx';
import { altTextStyle, colorClass, pictureLink, theme } from './theme.ts';

/** One teaser: thumbnail beside headline, dek and comment count. Paid-only stories are locked for free readers. */
export function Teaser({ article, tier, subscribeUrl, t }: { article: Article; tier: Tier; subscribeUrl: string; t: EmailCopy }) {
  const locked = isLocked(article, tier);
  return (
    <Section className={colorClass.rule} style={{ padding: '14px 24px', borderTop: `1px solid ${theme.rule}` }}>
      {/* A plain two-cell table: React Email's Row and Column add attributes every teaser would carry. */}
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0}>
        <tbody>
          <tr>
            {article.image ? (
              <td width="132" style={{ width: 132, verticalAlign: 'top', paddingRight: 12 }}>
                <Anchor href={article.url} skipInText hidden={article.image.altMissing} style={pictureLink}>
                  <Img
                    src={article.image.src}
                    alt={article.image.alt}
                    width="120"
                    height="80"
                    className={colorClass.alt}
                    style={{ ...altTextStyle, display: 'block', width: 120, height: 80, objectFit: 'cover', border: 0, overflow: 'hidden' }}
                  />
                </Anchor>
              </td>
            ) : null}
            <td style={{ verticalAlign: 'top' }}>
              {locked ? <ExclusiveLabel t={t} /> : null}
              <Heading as="h3" style={{ margin: '0 0 4px', fontFamily: theme.serif, fontSize: 18, lineHeight: '24px' }}>
                <Anchor href={article.url} className={colorClass.ink} style={{ color: theme.ink, textDecoration: 'none' }}>
                  {article.headline}
                </Anchor>
              </Heading>
              {article.dek ? (
                <Paragraph className={colorClass.muted} style={{ margin: 0, fontFamily: theme.sans, fontSize: 14, lineHeight: '20px', color: theme.muted }}>
                  {article.dek}
                </Paragraph>
              ) : null}
              {locked ? <SubscribeToRead subscribeUrl={subscribeUrl} t={t} /> : <CommentLine article={article} tier={tier} t={t} />}
            </td>
          </tr>
        </tbody>
      </table>
    </Section>
  );
}
