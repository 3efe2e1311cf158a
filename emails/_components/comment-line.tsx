import { Anchor } from './anchor.tsx';
import { Paragraph } from './paragraph.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { colorClass, theme } from './theme.ts';
import type { EmailCopy } from '../../src/i18n/reader-copy.ts';

/** The story's comments, at its `#comments` anchor (the article URL may carry a query, never a second fragment). */
export function commentsUrl(url: string): string {
  if (!URL.canParse(url)) return `${url}#comments`;
  const u = new URL(url);
  u.hash = 'comments';
  return u.toString();
}

/** The comment line as words, shared by every layout: paid readers get the link, free readers the count. */
export function commentLabel(n: number, tier: Tier, t: EmailCopy): string | null {
  if (tier === 'paid') return n === 0 ? t.startConversation : `${t.comments(n)} · ${t.joinConversation}`;
  return n === 0 ? null : t.comments(n);
}

/**
 * Paid readers get the link to the conversation; free readers see how lively it is.
 * No emoji: it renders as a box in some clients and a screen reader reads it aloud.
 */
export function CommentLine({ article, tier, t }: { article: Article; tier: Tier; t: EmailCopy }) {
  const style = { margin: '6px 0 0', fontFamily: theme.sans, fontSize: 13, color: theme.muted };
  const label = commentLabel(article.commentCount, tier, t);
  if (!label) return null;
  if (tier === 'paid') {
    return (
      <Paragraph style={style}>
        <Anchor href={commentsUrl(article.url)} className={colorClass.accent} style={{ color: theme.accent }}>
          {label}
        </Anchor>
      </Paragraph>
    );
  }
  return (
    <Paragraph className={colorClass.muted} style={style}>
      {label}
    </Paragraph>
  );
}
