import { Notice } from './_components/notice.tsx';
import { Paragraph } from './_components/paragraph.tsx';
import { theme } from './_components/theme.ts';
import { readerCopy } from '../src/i18n/reader-copy.ts';

export interface KeepReadingProps {
  listName: string;
  publisherName: string;
  postalAddress: string;
  keepUrl: string;
  unsubscribeUrl: string;
  days: number;
  graceDays: number;
  lang?: string;
}

const previewProps: KeepReadingProps = {
  listName: 'The Broadsheet Daily',
  publisherName: 'The Broadsheet Daily',
  postalAddress: 'Av. Reforma 123, Col. Juárez, 06600 Ciudad de México, Mexico',
  keepUrl: 'http://localhost:3000/keep/preview',
  unsubscribeUrl: 'http://localhost:3000/u/preview',
  days: 90,
  graceDays: 14,
};

/** Sunset: one email to a reader who stopped clicking; "keep me" is a button whose page POSTs, as unsubscribing is. */
export default function KeepReading(props: Partial<KeepReadingProps>) {
  const p = { ...previewProps, ...props };
  const lang = p.lang ?? 'en';
  const t = readerCopy(lang).email.keep;
  const e = readerCopy(lang).email;
  return (
    <Notice lang={lang} heading={t.heading} body={t.body(p.listName, p.days)} button={t.button} href={p.keepUrl}>
      <Paragraph style={{ fontFamily: theme.sans, fontSize: 13, color: theme.muted, margin: '20px 0 0' }}>{t.otherwise(p.graceDays)}</Paragraph>
      <Paragraph style={{ fontFamily: theme.sans, fontSize: 12, color: theme.muted, margin: '12px 0 0' }}>
        <a href={p.unsubscribeUrl} style={{ color: theme.muted }}>
          {e.unsubscribe}
        </a>{' '}
        · {p.publisherName} · {p.postalAddress}
      </Paragraph>
    </Notice>
  );
}

KeepReading.PreviewProps = previewProps;
