import { Anchor } from './anchor.tsx';
import type { Article, Tier } from '../../src/content/article.ts';
import { Paragraph } from './paragraph.tsx';
import { colorClass, theme } from './theme.ts';
import type { EmailCopy } from '../../src/i18n/reader-copy.ts';

/** A paid-only story shown to a free reader: a teaser with a way in, never the story's comments. */
export const isLocked = (article: Article, tier: Tier) => article.access === 'paid' && tier === 'free';

export function ExclusiveLabel({ t }: { t: EmailCopy }) {
  return (
    <Paragraph
      className={colorClass.accent}
      style={{ margin: '0 0 4px', fontFamily: theme.sans, fontSize: 11, fontWeight: 700, letterSpacing: 1, textTransform: 'uppercase', color: theme.accent }}
    >
      {t.subscriberExclusive}
    </Paragraph>
  );
}

export function SubscribeToRead({ subscribeUrl, t }: { subscribeUrl: string; t: EmailCopy }) {
  return (
    <Paragraph style={{ margin: '6px 0 0', fontFamily: theme.sans, fontSize: 13 }}>
      <Anchor href={subscribeUrl} className={colorClass.accent} style={{ color: theme.accent, fontWeight: 700 }}>
        {t.subscribeToRead}
      </Anchor>
    </Paragraph>
  );
}
