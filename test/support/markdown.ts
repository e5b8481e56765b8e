/**
 * What a Markdown document becomes, read by a real CommonMark parser (commonmark.js, the reference implementation):
 * its block structure, its HTML, links and images, its visible text, and the cells of its GitHub-style table rows
 * (commonmark.js does not parse tables; a row is split where GitHub splits it, at each `|` not escaped with `\`).
 * Tests compare a report rendered with a hostile value against the same report with a plain one: the structure
 * must not change, and the hostile value must show up only as text or code.
 */
import { Parser } from "commonmark";

/** The parts of a document a hostile value must not change or add to. */
export interface MarkdownShape {
  /** Block nodes in order, headings with their level: `heading 3`, `paragraph`, `list`, `item`, `block_quote`. */
  readonly blocks: string[];
  /** Literal HTML (inline and block), e.g. the report's own `<br>`. */
  readonly html: string[];
  /** Destinations of links and images. */
  readonly links: string[];
  /** Emphasis and strong nodes. */
  readonly emphasis: number;
  /** Cells per table row, for each line that starts with `|`. */
  readonly tableCells: number[];
  /** Every text and code literal, concatenated: what a reader sees. */
  readonly text: string;
  /** The literal of each inline code node. */
  readonly code: string[];
}

/** Reads `markdown` with commonmark.js; see {@link MarkdownShape}. */
export function markdownShape(markdown: string): MarkdownShape {
  const doc = new Parser().parse(markdown);
  const blocks: string[] = [];
  const html: string[] = [];
  const links: string[] = [];
  const code: string[] = [];
  let emphasis = 0;
  let text = "";
  const walker = doc.walker();
  for (let e = walker.next(); e; e = walker.next()) {
    if (!e.entering) continue;
    const n = e.node;
    switch (n.type) {
      case "heading":
        blocks.push(`heading ${n.level}`);
        break;
      case "paragraph":
      case "list":
      case "item":
      case "block_quote":
      case "code_block":
      case "thematic_break":
        blocks.push(n.type);
        break;
      case "html_block":
      case "html_inline":
        html.push(n.literal ?? "");
        break;
      case "link":
      case "image":
        links.push(`${n.type} ${n.destination}`);
        break;
      case "emph":
      case "strong":
        emphasis++;
        break;
      case "code":
        code.push(n.literal ?? "");
        text += n.literal ?? "";
        break;
      case "text":
        text += n.literal ?? "";
        break;
      case "softbreak":
      case "linebreak":
        text += "\n";
        break;
    }
  }
  const tableCells = markdown
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) => l.split(/(?<!\\)\|/).length - 2);
  return { blocks, html, links, emphasis, tableCells, text, code };
}
