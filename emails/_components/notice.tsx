import type { ReactNode } from 'react';
import { Body, Button, Container, Head, Html, Section } from 'react-email';
import { Paragraph } from './paragraph.tsx';
import { theme } from './theme.ts';

/**
 * A short notice to one reader (the double opt-in, the sunset's "keep me"):
 * a heading, a sentence, one button, then the small print the caller gives.
 */
export function Notice({ lang, heading, body, button, href, children }: { lang: string; heading: string; body: string; button: string; href: string; children: ReactNode }) {
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <title>{heading}</title>
      </Head>
      <Body lang={lang} style={{ margin: 0, padding: '16px 0', backgroundColor: theme.canvas }}>
        <Container style={{ maxWidth: 560, width: '100%', backgroundColor: theme.paper }}>
          <Section style={{ padding: '24px' }}>
            <Paragraph style={{ fontFamily: theme.serif, fontSize: 22, color: theme.ink, margin: '0 0 12px' }}>{heading}</Paragraph>
            <Paragraph style={{ fontFamily: theme.sans, fontSize: 15, color: theme.ink, margin: '0 0 16px' }}>{body}</Paragraph>
            <Button href={href} style={{ backgroundColor: theme.accent, color: '#ffffff', padding: '12px 20px', fontFamily: theme.sans, fontSize: 15 }}>
              {button}
            </Button>
            {children}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
