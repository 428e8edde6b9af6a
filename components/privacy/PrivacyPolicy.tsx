/** The privacy policy as an extension page (entrypoints/privacy), rendered as text from its Markdown. */
import { policyBlocks, type Inline } from './policy-blocks';

const Text = ({ parts }: { parts: Inline[] }) => <>{parts.map((p, i) => (p.code ? <code key={i}>{p.text}</code> : p.text))}</>;

export function PrivacyPolicy({ markdown }: { markdown: string }) {
  return (
    <main class="options privacy">
      {policyBlocks(markdown).map((block, i) => {
        switch (block.kind) {
          case 'h1':
            return <h1 key={i}><Text parts={block.parts} /></h1>;
          case 'h2':
            return <h2 key={i}><Text parts={block.parts} /></h2>;
          case 'ul':
            return <ul key={i}>{block.items.map((item, j) => <li key={j}><Text parts={item} /></li>)}</ul>;
          default:
            return <p key={i}><Text parts={block.parts} /></p>;
        }
      })}
    </main>
  );
}
