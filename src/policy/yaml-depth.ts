import { yaml } from './yaml-package.js';

/**
 * Deepest nesting of collections a policy or mapping may have. Real ones nest fewer than ten
 * levels; the yaml package composes recursively and overflows the stack somewhere past a few
 * thousand, with only "Maximum call stack size exceeded" to say.
 */
export const MAX_YAML_DEPTH = 100;

/**
 * Where (line and column, 1-based) a YAML text first nests collections deeper than `max`, or
 * undefined. Found with the yaml package's own lexer and CST parser, which keep an explicit
 * stack (no recursion), before anything is composed.
 */
export function yamlNestedDeeperThan(text: string, max: number): { line: number; column: number } | undefined {
  const { Lexer, Parser } = yaml();
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    const at = parser.offset;
    for (const _token of parser.next(lexeme));
    // The stack's first entry is the document itself, not a level of nesting.
    if (parser.stack.length - 1 > max) return positionOf(text, at);
  }
  return undefined;
}

export function yamlTooDeepMessage(max: number, what: 'policy' | 'mapping' = 'policy'): string {
  return `the YAML is nested too deeply (more than ${max} levels); a ${what} never needs this`;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
