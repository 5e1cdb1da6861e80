import ts from 'typescript';
import type { Snippet } from './extract.js';

/** A line of a composed file and the README line it came from. */
export interface SourceLine {
  text: string;
  readmeLine: number;
}

/** One TypeScript file made from a snippet and the preludes before it. */
export interface ComposedFile {
  snippet: Snippet;
  /** Path relative to the README's own directory of snippets. */
  name: string;
  lines: SourceLine[];
}

/** A top-level statement of a prelude, the names it declares and the identifiers it uses. */
interface PreludeStatement {
  names: string[];
  uses: Set<string>;
  lines: SourceLine[];
}

const NAMED_FILE = /^\/\/ ([\w./-]+\.(?:ts|mts|cts))\s*$/;

/**
 * Makes one module per checked snippet of a README: the declarations of the preludes before it
 * that the snippet does not declare itself, then the snippet. A snippet whose first line is a
 * comment naming a file (`// src/erp-api.ts`) gets that name, so its siblings can import it.
 */
export function composeFiles(snippets: readonly Snippet[]): ComposedFile[] {
  const files: ComposedFile[] = [];
  let prelude: PreludeStatement[] = [];
  for (const snippet of snippets) {
    if (!snippet.hidden && snippet.noCheck === undefined) {
      const lines = preludeFor(prelude, declaredNames(parse(snippet.code)).flat());
      const code = snippet.code.split('\n').map((text, index) => ({
        text,
        readmeLine: snippet.line + index,
      }));
      const named = NAMED_FILE.exec(snippet.code.split('\n')[0] ?? '')?.[1];
      files.push({ snippet, name: named ?? `line-${snippet.line}.ts`, lines: [...lines, ...code] });
    }
    if (snippet.prelude) {
      const added = preludeStatements(snippet);
      const replaced = new Set(added.flatMap((statement) => statement.names));
      // A later prelude's declaration of a name replaces an earlier one.
      prelude = [
        ...prelude.filter((statement) => !statement.names.some((name) => replaced.has(name))),
        ...added,
      ];
    }
  }
  return files;
}

/**
 * The prelude lines a snippet gets: a declaration is left out when the snippet declares the same
 * name, or when it uses a name left out before it (`const res = await vfetch()` goes with `vfetch`).
 */
function preludeFor(prelude: readonly PreludeStatement[], own: readonly string[]): SourceLine[] {
  const shadowed = new Set(own);
  const lines: SourceLine[] = [];
  for (const statement of prelude) {
    if (
      statement.names.some((n) => shadowed.has(n)) ||
      [...shadowed].some((n) => statement.uses.has(n))
    ) {
      for (const name of statement.names) shadowed.add(name);
    } else {
      lines.push(...statement.lines);
    }
  }
  return lines;
}

function parse(code: string): ts.SourceFile {
  return ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The names each top-level statement declares, in order; [] for a statement that declares none. */
export function declaredNames(source: ts.SourceFile): string[][] {
  return source.statements.map((statement) => {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause) return [];
      const names = clause.name ? [clause.name.text] : [];
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) names.push(element.name.text);
      }
      return names;
    }
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
    }
    if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement) ||
      ts.isImportEqualsDeclaration(statement)
    ) {
      return statement.name && ts.isIdentifier(statement.name) ? [statement.name.text] : [];
    }
    return [];
  });
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : bindingNames(element.name),
  );
}

/**
 * The declarations of a prelude, imports split one binding per statement so a snippet that
 * imports one of them itself drops only that one. Other statements (calls, awaits) are left out.
 */
function preludeStatements(snippet: Snippet): PreludeStatement[] {
  const source = parse(snippet.code);
  const names = declaredNames(source);
  const lineOf = (node: ts.Node) =>
    snippet.line + source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  return source.statements.flatMap((statement, index): PreludeStatement[] => {
    const declared = names[index] ?? [];
    if (declared.length === 0) return [];
    const readmeLine = lineOf(statement);
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      return splitImport(statement, source).map(([name, text]) => ({
        names: [name],
        uses: new Set<string>(),
        lines: [{ text, readmeLine }],
      }));
    }
    const text = statement.getText(source);
    return [
      {
        names: declared,
        uses: identifiers(statement),
        lines: text
          .split('\n')
          .map((line, offset) => ({ text: line, readmeLine: readmeLine + offset })),
      },
    ];
  });
}

/** Every identifier in a statement (property names too: at worst a declaration is left out). */
function identifiers(node: ts.Node, out = new Set<string>()): Set<string> {
  if (ts.isIdentifier(node)) out.add(node.text);
  ts.forEachChild(node, (child) => {
    identifiers(child, out);
  });
  return out;
}

function splitImport(statement: ts.ImportDeclaration, source: ts.SourceFile): [string, string][] {
  const clause = statement.importClause as ts.ImportClause;
  const from = statement.moduleSpecifier.getText(source);
  const typeOnly = clause.isTypeOnly ? 'type ' : '';
  const out: [string, string][] = [];
  if (clause.name)
    out.push([clause.name.text, `import ${typeOnly}${clause.name.text} from ${from};`]);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    out.push([bindings.name.text, `import ${typeOnly}* as ${bindings.name.text} from ${from};`]);
  }
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      out.push([
        element.name.text,
        `import ${typeOnly}{ ${element.getText(source)} } from ${from};`,
      ]);
    }
  }
  return out;
}
