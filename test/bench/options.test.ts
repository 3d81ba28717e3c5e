/**
 * scripts/bench/options.ts: what `npm run bench` accepts, and the usage errors that stop it
 * before it writes anything (exit 2 in bench.test.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../scripts/cli/command.js';
import { benchHelp, parseBenchOptions } from '../../scripts/bench/options.js';

test('defaults: 10,000 advisories, 10 groups, 300 partners, 1-2 keys, 20% restricted, one run', () => {
  assert.equal(parseBenchOptions([]), {
    corpus: { advisories: 10_000, groups: 10, partners: 300, maxKeysPerPartner: 2, restrictedShare: 0.2 },
    repeat: 1, server: undefined, json: undefined, keep: false, help: false,
  });
});

test('reads every option', () => {
  const parsed = parseBenchOptions([
    '--advisories', '50000', '--groups', '3', '--partners', '3', '--keys-per-partner', '1', '--restricted-share', '0',
    '--repeat', '3', '--server', 'node', '--json', 'out.json', '--keep',
  ]);
  assert.equal(parsed, {
    corpus: { advisories: 50_000, groups: 3, partners: 3, maxKeysPerPartner: 1, restrictedShare: 0 },
    repeat: 3, server: 'node', json: 'out.json', keep: true, help: false,
  });
  assert.is(parseBenchOptions(['--restricted-share', '1']).corpus.restrictedShare, 1);
  assert.is(parseBenchOptions(['-h']).help, true);
});

const refused: [string[], RegExp][] = [
  [['--advisory', '500'], /^Unknown option --advisory\. Run `npm run bench -- --help`\.$/],
  [['500'], /^Unexpected argument 500\.$/],
  [['--advisories', 'many'], /^--advisories must be a whole number, 1 or more \(the bench edits one\), got many\. Run `npm run bench -- --help`\.$/],
  [['--advisories', '0'], /^--advisories must be a whole number, 1 or more/],
  [['--advisories', '1.5'], /^--advisories must be a whole number/],
  [['--advisories'], /^--advisories needs a value\.$/],
  [['--advisories', '5', '--advisories', '6'], /^--advisories was given more than once\.$/],
  [['--groups', '1'], /^--groups must be a whole number, 2 or more \(the public group and at least one partner group\), got 1\./],
  // Ten groups: nine partner groups; the tenth partner shares the suspended one's group.
  [['--partners', '9'], /^--partners must be a whole number, 10 or more \(every partner group keeps a member when the bench suspends one partner\), got 9\./],
  [['--groups', '4', '--partners', '3'], /^--partners must be a whole number, 4 or more/],
  [['--keys-per-partner', '0'], /^--keys-per-partner must be a whole number, 1 or more/],
  [['--restricted-share', '1.5'], /^--restricted-share must be a number from 0 to 1, got 1\.5\./],
  [['--restricted-share=-0.1'], /^--restricted-share must be a number from 0 to 1/],
  [['--restricted-share', 'some'], /^--restricted-share must be a number from 0 to 1, got some\./],
  [['--repeat', '0'], /^--repeat must be a whole number, 1 or more \(runs of each repeated phase\), got 0\./],
  [['--repeat', '1.5'], /^--repeat must be a whole number/],
  [['--repeat', 'twice'], /^--repeat must be a whole number/],
  [['--server', 'apache'], /^--server must be nginx or node, got apache\./],
];
for (const [argv, message] of refused) {
  test(`refuses ${argv.join(' ')}`, () => {
    try {
      parseBenchOptions(argv);
      assert.unreachable('accepted');
    } catch (error) {
      assert.instance(error, UsageError);
      assert.match((error as Error).message, message);
    }
  });
}

test('help lists every option with its default, run through npm', () => {
  const help = benchHelp();
  assert.match(help, '$ npm run bench -- [options]');
  for (const line of ['--advisories N', '(default: 10000)', '--groups N', '(default: 10)', '--partners N', '(default: 300)', '--keys-per-partner N', '--restricted-share F', '(default: 0.2)', '--repeat N', '--server nginx|node', '--json FILE', '--keep', '-h, --help']) {
    assert.ok(help.includes(line), line);
  }
});

test.run();
