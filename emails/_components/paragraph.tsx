import type { CSSProperties, ReactNode } from 'react';

/**
 * A paragraph with only the styles we give it. React Email's <Text> adds a
 * default size and line height and repeats every margin longhand; on a digest
 * of 20 stories sent to a million readers those bytes are real.
 */
export function Paragraph({ style, className, children }: { style: CSSProperties; className?: string; children: ReactNode }) {
  return (
    <p className={className} style={{ margin: 0, lineHeight: '1.5', ...style }}>
      {children}
    </p>
  );
}
