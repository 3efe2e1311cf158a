/**
 * The inbox preview line, hidden in the body. After it, a short run of invisible
 * characters keeps clients from pulling the masthead into the preview. React
 * Email's <Preview> pads with ~1,000 characters that become ~7 KB of entities in
 * every email; forty pairs do the job in under 1 KB.
 */
export const PREHEADER_PAD = '\u034f\u200c\u00a0'.repeat(40);

export function Preheader({ text }: { text: string }) {
  return (
    <div
      data-skip-in-text="true"
      style={{ display: 'none', overflow: 'hidden', lineHeight: '1px', opacity: 0, maxHeight: 0, maxWidth: 0, fontSize: 1, color: 'transparent' }}
    >
      {text}
      {PREHEADER_PAD}
    </div>
  );
}
