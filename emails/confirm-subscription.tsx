import { Notice } from './_components/notice.tsx';
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
    <Notice lang={lang} heading={t.heading} body={t.body(p.lists.join(', '), p.publisherName)} button={t.button} href={p.confirmUrl}>
      <Paragraph style={{ fontFamily: theme.sans, fontSize: 12, color: theme.muted, margin: '20px 0 0' }}>
        {t.ignore} {p.publisherName} · {p.postalAddress}
      </Paragraph>
    </Notice>
  );
}

ConfirmSubscription.PreviewProps = previewProps;
