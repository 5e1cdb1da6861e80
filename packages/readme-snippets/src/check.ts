import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { type ComposedFile, composeFiles } from './compose.js';
import { extractSnippets, type Snippet } from './extract.js';

/** A compiler error in a snippet, at its README line. */
export interface SnippetError {
  readme: string;
  line: number;
  column: number;
  code: number;
  message: string;
}

/** The outcome of {@link checkReadmes}. */
export interface CheckResult {
  /** Every ts block, hidden preludes included. */
  snippets: Snippet[];
  /** The files that were type-checked, one per checked snippet. */
  files: ComposedFile[];
  /** Markers the extractor could not accept. */
  markerErrors: string[];
  errors: SnippetError[];
}

/** Where the composed files seem to live: inside this package, so its dependencies resolve. */
const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');
const VIRTUAL_DIR = path.join(PACKAGE_DIR, '.snippets');

/** Options of {@link checkReadmes}. */
export interface CheckOptions {
  /**
   * One program per README instead of one for all: slower, but a module augmentation one README
   * loads (`vismaAuth` on axios configs) cannot make another README's snippet compile.
   */
  isolated?: boolean;
}

/**
 * Type-checks the TypeScript snippets of the given Markdown files (paths relative to `root`) in
 * one program, with the compiler options of `tsconfig.snippets.json`.
 */
export function checkReadmes(
  root: string,
  readmes: readonly string[],
  options: CheckOptions = {},
): CheckResult {
  const snippets: Snippet[] = [];
  const markerErrors: string[] = [];
  const files: ComposedFile[] = [];
  const programs: Map<string, ComposedFile>[] = [];
  let virtual = new Map<string, ComposedFile>();
  for (const readme of readmes) {
    const extracted = extractSnippets(readme, readFileSync(path.join(root, readme), 'utf8'));
    snippets.push(...extracted.snippets);
    markerErrors.push(...extracted.errors);
    for (const file of composeFiles(extracted.snippets)) {
      files.push(file);
      virtual.set(path.join(VIRTUAL_DIR, readme.replaceAll('/', '--'), file.name), file);
    }
    if (options.isolated && virtual.size > 0) {
      programs.push(virtual);
      virtual = new Map();
    }
  }
  if (virtual.size > 0) programs.push(virtual);
  return { snippets, files, markerErrors, errors: programs.flatMap(typeCheck) };
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(PACKAGE_DIR, 'tsconfig.snippets.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, PACKAGE_DIR);
  return parsed.options;
}

function typeCheck(virtual: Map<string, ComposedFile>): SnippetError[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const text = (fileName: string) =>
    virtual
      .get(path.resolve(fileName))
      ?.lines.map((l) => l.text)
      .join('\n');
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  const dirs = new Set([...virtual.keys()].flatMap(parents));
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists(fileName);
  host.directoryExists = (dir) =>
    dirs.has(path.resolve(dir)) || (directoryExists?.(dir) ?? ts.sys.directoryExists(dir));
  host.readFile = (fileName) => text(fileName) ?? readFile(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const code = text(fileName);
    return code === undefined
      ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, code, languageVersion, true);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: SnippetError[] = [];
  const seen = new Set<string>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file && virtual.get(path.resolve(diagnostic.file.fileName));
    if (!diagnostic.file || !file) {
      // Not in a snippet (a broken option or library): still a failure, shown as is.
      if (diagnostic.category === ts.DiagnosticCategory.Error) {
        errors.push({
          readme: diagnostic.file?.fileName ?? '(compiler)',
          line: 0,
          column: 0,
          code: diagnostic.code,
          message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
        });
      }
      continue;
    }
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const error: SnippetError = {
      readme: file.snippet.readme,
      line: file.lines[at.line]?.readmeLine ?? file.snippet.line,
      column: at.character + 1,
      code: diagnostic.code,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    };
    // A broken prelude line shows up in every file that includes it: report it once.
    const key = `${error.readme}:${error.line}:${error.column}:${error.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
  }
  return errors;
}

/** The directories of a virtual file up to the package, which module resolution looks into. */
function parents(file: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(file); dir.startsWith(VIRTUAL_DIR); dir = path.dirname(dir)) {
    out.push(dir);
  }
  return out;
}

/** `README.md:12:5 TS2304 Cannot find name 'x'.` */
export function formatError(error: SnippetError): string {
  return `${error.readme}:${error.line}:${error.column} TS${error.code} ${error.message}`;
}
