import { Body, Button, Container, Head, Html, Section } from 'react-email';
import { Paragraph } from './_components/paragraph.tsx';
import { theme } from './_components/theme.ts';
import { readerCopy } from '../src/i18n/reader-copy.ts';

export interface ConfirmSubscriptionProps {
  publisherName: string;
  postalAddress: string;
  lists: string[];
  confirmUrl: string;
  /** The list's language (BCP 47); English when absent. */
  lang?: string;
}

const previewProps: ConfirmSubscriptionProps = {
  publisherName: 'The Broadsheet Daily',
  postalAddress: 'Av. Reforma 123, Col. Juárez, 06600 Ciudad de México, Mexico',
  lists: ['The Broadsheet Daily'],
  confirmUrl: 'http://localhost:3000/confirm/preview',
};

/** Double opt-in: nothing is sent to a new address until its owner presses the button. */
export default function ConfirmSubscription(props: Partial<ConfirmSubscriptionProps>) {
  const p = { ...previewProps, ...props };
  const lang = p.lang ?? 'en';
  const t = readerCopy(lang).email.confirm;
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <title>{t.heading}</title>
      </Head>
      <Body lang={lang} style={{ margin: 0, padding: '16px 0', backgroundColor: theme.canvas }}>
        <Container style={{ maxWidth: 560, width: '100%', backgroundColor: theme.paper }}>
          <Section style={{ padding: '24px' }}>
            <Paragraph style={{ fontFamily: theme.serif, fontSize: 22, color: theme.ink, margin: '0 0 12px' }}>{t.heading}</Paragraph>
            <Paragraph style={{ fontFamily: theme.sans, fontSize: 15, color: theme.ink, margin: '0 0 16px' }}>
              {t.body(p.lists.join(', '), p.publisherName)}
            </Paragraph>
            <Button href={p.confirmUrl} style={{ backgroundColor: theme.accent, color: '#ffffff', padding: '12px 20px', fontFamily: theme.sans, fontSize: 15 }}>
              {t.button}
            </Button>
            <Paragraph style={{ fontFamily: theme.sans, fontSize: 12, color: theme.muted, margin: '20px 0 0' }}>
              {t.ignore} {p.publisherName} · {p.postalAddress}
            </Paragraph>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

ConfirmSubscription.PreviewProps = previewProps;
