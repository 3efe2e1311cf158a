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
  hidden,
  children,
}: {
  href: string;
  className?: string;
  style?: CSSProperties;
  skipInText?: boolean;
  /** A duplicate of a link beside it (a picture with no alt text): out of the screen reader's and keyboard's way. */
  hidden?: boolean;
  children: ReactNode;
}) {
  return (
    <a
      href={href}
      className={className}
      style={style}
      data-skip-in-text={skipInText ? 'true' : undefined}
      aria-hidden={hidden ? 'true' : undefined}
      tabIndex={hidden ? -1 : undefined}
    >
      {children}
    </a>
  );
}
