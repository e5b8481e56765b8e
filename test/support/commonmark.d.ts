// The part of commonmark.js (a devDependency, the CommonMark reference parser) the tests use; it ships no types.
declare module "commonmark" {
  export interface Node {
    readonly type: string;
    readonly literal: string | null;
    readonly level: number;
    readonly destination: string | null;
    walker(): { next(): { entering: boolean; node: Node } | null };
  }
  export class Parser {
    parse(text: string): Node;
  }
}
