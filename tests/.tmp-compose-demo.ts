import { readFileSync } from 'node:fs';
import { runChecks } from '../work/main/checks/index.js';
import { factsOfText } from '../work/main/facts/parse.js';
import { converge } from '../work/main/fixes/converge.js';
const file = process.argv[2]!;
const text = readFileSync(file, 'utf8');
const r = converge({ text, factsOf: (t) => factsOfText(t, file), findingsOf: (f) => runChecks(f) });
console.log(`passes ${r.passes}, applied ${r.applied.map((p) => p.id).join(' ')}, unresolved ${r.unresolved.length}, introduced ${r.introduced.length}, rejected ${r.rejected.map((x) => x.reason)}`);
console.log(r.text);
