/**
 * The privacy policy's Markdown (assets/store/privacy-policy.*.md, one file for the repository,
 * the stores and the extension page) as blocks to render as text: the few forms the policy
 * uses, and nothing that could become markup.
 */
export type Inline = { code: boolean; text: string };
export type Block = { kind: 'h1' | 'h2' | 'p'; parts: Inline[] } | { kind: 'ul'; items: Inline[][] };

/** `code` spans apart from plain text. */
function inline(text: string): Inline[] {
  return text.split(/(`[^`]+`)/).filter(Boolean).map((part) => (/^`[^`]+`$/.test(part) ? { code: true, text: part.slice(1, -1) } : { code: false, text: part }));
}

export function policyBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const line of markdown.split('\n').map((l) => l.trim())) {
    const last = blocks.at(-1);
    if (!line) continue;
    if (line.startsWith('## ')) blocks.push({ kind: 'h2', parts: inline(line.slice(3)) });
    else if (line.startsWith('# ')) blocks.push({ kind: 'h1', parts: inline(line.slice(2)) });
    else if (line.startsWith('- ')) {
      if (last?.kind === 'ul') last.items.push(inline(line.slice(2)));
      else blocks.push({ kind: 'ul', items: [inline(line.slice(2))] });
    } else blocks.push({ kind: 'p', parts: inline(line) });
  }
  return blocks;
}
