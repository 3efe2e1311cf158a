import { Body, Container, Head, Html } from 'react-email';
import { seedDigest } from './_fixtures/seed-digest.ts';
import { EditorsNote } from './_components/editors-note.tsx';
import { Footer } from './_components/footer.tsx';
import { LeadStory } from './_components/lead-story.tsx';
import { formatEditionDate, Masthead } from './_components/masthead.tsx';
import { Preheader } from './_components/preheader.tsx';
import { Teaser } from './_components/teaser.tsx';
import { theme } from './_components/theme.ts';
import type { DigestTemplateProps } from './_components/types.ts';

export type { DigestTemplateProps } from './_components/types.ts';

const previewProps: DigestTemplateProps = {
  listName: 'The Broadsheet Daily',
  editionDate: '2024-11-21',
  preheader: 'Narcos’ secret weapon is WhatsApp, and more from today’s newsroom',
  content: seedDigest,
  tier: 'free',
  publisher: { name: 'The Broadsheet Daily', postalAddress: 'Av. Reforma 123, Col. Juárez, 06600 Ciudad de México, Mexico' },
  links: {
    viewInBrowser: 'http://localhost:3000/archive/preview',
    unsubscribe: 'http://localhost:3000/u/preview',
    preferences: 'http://localhost:3000/p/preview',
    subscribe: 'http://localhost:3000/subscribe',
  },
  greeting: 'Good morning, reader',
  recipientEmail: 'reader@example.com',
};

/** The daily digest (layout "classic"): masthead, lead story, teasers, editor's note, footer. */
export default function DailyDigest(props: Partial<DigestTemplateProps>) {
  // `email export` renders with empty props: fall back to the seed edition.
  const p: DigestTemplateProps = { ...previewProps, ...props };
  const { content, tier } = p;
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light only" />
        <meta name="supported-color-schemes" content="light only" />
        <title>{`${p.listName} · ${formatEditionDate(p.editionDate)}`}</title>
      </Head>
      <Body style={{ margin: 0, padding: '16px 0', backgroundColor: theme.canvas }}>
        <Preheader text={p.preheader} />
        <Container style={{ maxWidth: 600, width: '100%', backgroundColor: theme.paper }}>
          <Masthead listName={p.listName} editionDate={p.editionDate} greeting={p.greeting} />
          <LeadStory article={content.lead} tier={tier} />
          {content.note ? <EditorsNote note={content.note} /> : null}
          {content.teasers.map((article) => (
            <Teaser key={article.id} article={article} tier={tier} subscribeUrl={p.links.subscribe} />
          ))}
          <Footer listName={p.listName} publisher={p.publisher} links={p.links} recipientEmail={p.recipientEmail} tier={tier} />
        </Container>
      </Body>
    </Html>
  );
}

DailyDigest.PreviewProps = previewProps;
