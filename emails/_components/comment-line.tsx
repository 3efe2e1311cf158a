import { Link, Text } from 'react-email';
import type { Article, Tier } from '../../src/content/article.ts';
import { theme } from './theme.ts';

const countLabel = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

/** Paid readers get the link to the conversation; free readers see the count and why they can't join. */
export function CommentLine({ article, tier }: { article: Article; tier: Tier }) {
  const style = { margin: '6px 0 0', fontFamily: theme.sans, fontSize: 13, color: theme.muted };
  if (tier === 'paid') {
    return (
      <Text style={style}>
        <Link href={`${article.url}#comments`} style={{ color: theme.accent }}>
          💬 {countLabel(article.commentCount)} · join the conversation
        </Link>
      </Text>
    );
  }
  return <Text style={style}>💬 {countLabel(article.commentCount)}</Text>;
}
