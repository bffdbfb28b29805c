/**
 * `fix --project tsconfig.json`: the project as TypeScript sees it (ts-morph), for what one file
 * cannot show. Today that is servers made in one module and used in another
 * (`export const wss = new WebSocketServer(…)` in server.ts, `wss.on('connection', …)` in
 * handlers.ts): each file learns which of its imports are WebSocket servers (facts/types.ts
 * ProjectKnowledge), so that its connection handlers are checked and fixed like local ones.
 * ts-morph is an optional peer dependency, loaded only here.
 */
import path from 'node:path';

import type { ExportedDeclarations, Project, SourceFile } from 'ts-morph';

import { factsOfText } from '../facts/parse.js';
import type { ImportedServer, ProjectKnowledge } from '../facts/types.js';
import { isSourceFile, UsageError } from './files.js';

export interface ProjectFiles {
  /** The project's own source files (not declaration files, not node_modules), absolute. */
  readonly files: readonly string[];
  /** What the project says about each file's imports; files with nothing to say are absent. */
  readonly knowledge: Readonly<Record<string, ProjectKnowledge>>;
}

export async function readProject(tsconfig: string): Promise<ProjectFiles> {
  let morph: typeof import('ts-morph');
  try {
    morph = await import('ts-morph');
  } catch {
    throw new UsageError('--project needs ts-morph: npm install --save-dev ts-morph');
  }
  let project: Project;
  try {
    project = new morph.Project({ tsConfigFilePath: tsconfig });
  } catch (error) {
    throw new UsageError(`cannot read ${tsconfig}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const own = project.getSourceFiles().filter((file) => !file.isDeclarationFile() && !file.isInNodeModules() && isSourceFile(file.getFilePath()));
  const servers = new ExportedServers();
  const knowledge: Record<string, ProjectKnowledge> = {};
  for (const file of own) {
    const importedServers: ImportedServer[] = [];
    for (const declaration of file.getImportDeclarations()) {
      const target = declaration.getModuleSpecifierSourceFile();
      if (!target || target.isDeclarationFile() || target.isInNodeModules()) continue;
      const specifier = declaration.getModuleSpecifierValue();
      for (const [name, framework] of servers.of(target)) importedServers.push({ specifier, name, framework });
    }
    if (importedServers.length > 0) knowledge[nativePath(file)] = { importedServers };
  }
  return { files: own.map(nativePath), knowledge };
}

/** The servers a module exports (by exported name), made in it or in a module it re-exports. */
class ExportedServers {
  private readonly byModule = new Map<SourceFile, ReadonlyMap<string, ImportedServer['framework']>>();
  private readonly serversOfFile = new Map<SourceFile, readonly { range: readonly [number, number]; framework: ImportedServer['framework'] }[]>();

  of(module: SourceFile): ReadonlyMap<string, ImportedServer['framework']> {
    let found = this.byModule.get(module);
    if (found) return found;
    const exported = new Map<string, ImportedServer['framework']>();
    for (const [name, declarations] of module.getExportedDeclarations()) {
      for (const declaration of declarations) {
        const framework = this.serverMadeBy(declaration);
        if (framework) exported.set(name, framework);
      }
    }
    found = exported;
    this.byModule.set(module, found);
    return found;
  }

  /** The framework of the server a declaration's value is (`export const wss = new WebSocketServer()`). */
  private serverMadeBy(declaration: ExportedDeclarations): ImportedServer['framework'] | undefined {
    const value = 'getInitializer' in declaration && typeof declaration.getInitializer === 'function' ? declaration.getInitializer() : declaration;
    if (!value) return undefined;
    const start = value.getStart();
    const end = value.getEnd();
    return this.serversIn(declaration.getSourceFile()).find((server) => server.range[0] === start && server.range[1] === end)?.framework;
  }

  private serversIn(file: SourceFile): readonly { range: readonly [number, number]; framework: ImportedServer['framework'] }[] {
    let servers = this.serversOfFile.get(file);
    if (servers) return servers;
    try {
      servers = factsOfText(file.getFullText(), nativePath(file)).servers.map((server) => ({ range: server.node.range, framework: server.framework }));
    } catch {
      servers = []; // a module that does not parse exports nothing we know
    }
    this.serversOfFile.set(file, servers);
    return servers;
  }
}

function nativePath(file: SourceFile): string {
  return path.resolve(file.getFilePath());
}
