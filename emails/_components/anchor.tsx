import type { CSSProperties, ReactNode } from 'react';

/**
 * A link with only what we give it. React Email's <Link> adds `target="_blank"`,
 * `text-decoration-line:none` and a default colour to every link: about 45 bytes
 * each, some 2 KB per digest, sent to every reader. Text links stay underlined, so
 * they are told apart by more than colour.
 */
export function Anchor({
  href,
  className,
  style,
  skipInText,
  children,
}: {
  href: string;
  className?: string;
  style?: CSSProperties;
  skipInText?: boolean;
  children: ReactNode;
}) {
  return (
    <a href={href} className={className} style={style} data-skip-in-text={skipInText ? 'true' : undefined}>
      {children}
    </a>
  );
}
