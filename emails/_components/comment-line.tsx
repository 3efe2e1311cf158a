import { Link } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { theme } from './theme.ts';

const countLabel = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

/**
 * Paid readers get the link to the conversation; free readers see how lively it is.
 * No emoji: it renders as a box in some clients and a screen reader reads it aloud.
 */
export function CommentLine({ article, tier }: { article: Article; tier: Tier }) {
  const style = { margin: '6px 0 0', fontFamily: theme.sans, fontSize: 13, color: theme.muted };
  const n = article.commentCount;
  if (tier === 'paid') {
    return (
      <Paragraph style={style}>
        <Link href={`${article.url}#comments`} style={{ color: theme.accent }}>
          {n === 0 ? 'Start the conversation' : `${countLabel(n)} · join the conversation`}
        </Link>
      </Paragraph>
    );
  }
  return n === 0 ? null : <Paragraph style={style}>{countLabel(n)}</Paragraph>;
}
