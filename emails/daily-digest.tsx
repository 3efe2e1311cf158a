import { Fragment } from 'react';
import { Body, Container, Head, Html } from 'react-email';
import { seedEditionContent, seedSponsor } from './_fixtures/seed-digest.ts';
import { EditorsNote } from './_components/editors-note.tsx';
import { Footer } from './_components/footer.tsx';
import { LeadStory } from './_components/lead-story.tsx';
import { formatEditionDate, Masthead } from './_components/masthead.tsx';
import { Preheader } from './_components/preheader.tsx';
import { SponsorBlock } from './_components/sponsor-block.tsx';
import { Teaser } from './_components/teaser.tsx';
import { colorClass, darkModeCss, theme } from './_components/theme.ts';
import type { DigestTemplateProps } from './_components/types.ts';
import { sponsorsAt } from '../src/sponsors/sponsor.ts';
import { readerCopy } from '../src/i18n/reader-copy.ts';

export type { DigestTemplateProps } from './_components/types.ts';

const previewProps: DigestTemplateProps = {
  listName: 'The Broadsheet Daily',
  editionDate: '2024-11-21',
  preheader: 'Narcos’ secret weapon is WhatsApp, and more from today’s newsroom',
  content: seedEditionContent,
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
  sponsors: [seedSponsor],
};

/** The daily digest (layout "classic"): masthead, lead story, teasers, editor's note, sponsor blocks, footer. */
export default function DailyDigest(props: Partial<DigestTemplateProps>) {
  // `email export` renders with empty props: fall back to the seed edition.
  const p: DigestTemplateProps = { ...previewProps, ...props };
  const { content, tier } = p;
  const lang = p.lang ?? 'en';
  const t = readerCopy(lang).email;
  const sponsorsAfter = (n: number) => sponsorsAt(p.sponsors, n, content.teasers.length).map((s, i) => <SponsorBlock key={`s${n}-${i}`} sponsor={s} t={t} />);
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{`${p.listName} · ${formatEditionDate(p.editionDate, lang)}`}</title>
        {/* Body's background sits on the cell React Email wraps the content in. */}
        <style>{darkModeCss(['>table>tbody>tr>td'])}</style>
      </Head>
      <Body lang={lang} className={colorClass.canvas} style={{ margin: 0, padding: '16px 0', backgroundColor: theme.canvas }}>
        <Preheader text={p.preheader} />
        <Container className={colorClass.paper} style={{ maxWidth: 600, width: '100%', backgroundColor: theme.paper }}>
          <Masthead listName={p.listName} editionDate={p.editionDate} greeting={p.greeting} lang={lang} />
          <LeadStory article={content.lead} tier={tier} subscribeUrl={p.links.subscribe} t={t} />
          {content.note ? <EditorsNote note={content.note} t={t} /> : null}
          {sponsorsAfter(0)}
          {content.teasers.map((article, i) => (
            <Fragment key={article.id}>
              <Teaser article={article} tier={tier} subscribeUrl={p.links.subscribe} t={t} />
              {sponsorsAfter(i + 1)}
            </Fragment>
          ))}
          <Footer listName={p.listName} publisher={p.publisher} links={p.links} recipientEmail={p.recipientEmail} tier={tier} t={t} />
        </Container>
      </Body>
    </Html>
  );
}

DailyDigest.PreviewProps = previewProps;
