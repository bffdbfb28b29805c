/**
 * The scan as a SARIF 2.1.0 log, the format code scanning services (GitHub's among them) read:
 * one run of the tool `websocket-doctor`, its rules with their descriptions and docs, and one
 * result per finding with a location relative to the scanned root (`%SRCROOT%`).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import plugin from '../index.js';
import type { ScanResult } from './scan.js';

interface RuleMeta {
  readonly meta?: { readonly docs?: { readonly description?: string; readonly url?: string } };
}

export function sarifLog(result: ScanResult, root: string, rules: readonly string[]) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule, index]));
  const driverRules = rules.map((rule) => {
    const meta = (plugin.rules[rule] as RuleMeta | undefined)?.meta;
    return {
      id: rule,
      shortDescription: { text: meta?.docs?.description ?? rule },
      ...(meta?.docs?.url ? { helpUri: meta.docs.url } : {}),
      defaultConfiguration: { level: 'error' },
    };
  });
  const uriOf = (file: string) => path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'websocket-doctor',
            semanticVersion: plugin.meta.version,
            informationUri: 'https://github.com/eslint-plugin-websocket/eslint-plugin-websocket',
            rules: driverRules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
        results: result.findings.map((finding) => ({
          ruleId: finding.rule,
          ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
          level: 'error',
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(finding.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  ...(finding.endLine !== undefined ? { endLine: finding.endLine } : {}),
                  ...(finding.endColumn !== undefined ? { endColumn: finding.endColumn } : {}),
                },
              },
            },
          ],
        })),
        invocations: [
          {
            executionSuccessful: result.unparsable.length === 0,
            toolExecutionNotifications: result.unparsable.map(({ file, message }) => ({
              level: 'warning',
              message: { text: `does not parse: ${message}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
      },
    ],
  };
}
