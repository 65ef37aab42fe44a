// The read-only one-shot's statement check (issue 11, item 9): top-level statements split with
// quotes, dollar quotes and comments respected; transaction and session statements recognised.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readOnlyStatement, splitSqlStatements } from '../../src/access/sql-statements.js';
import type { BraintrustError } from '../../src/ui/errors.js';

describe('splitSqlStatements', () => {
  const cases: [string, number][] = [
    ['SELECT 1', 1],
    ['SELECT 1;', 1],
    ["SELECT 'a;b'; SELECT 2", 2],
    ['SELECT "x;y" FROM t', 1],
    ["SELECT $$ ; $$, $f$ ; $f$", 1],
    ['SELECT 1 -- ; comment\n', 1],
    ['SELECT /* ; /* nested ; */ ; */ 1', 1],
    ["SELECT E'\\'; DROP TABLE t; --'", 1],
    ['  ;  ; -- only comments\n', 0],
    ['BEGIN; DELETE FROM t; COMMIT', 3],
  ];
  for (const [sql, n] of cases) it(JSON.stringify(sql), () => assert.equal(splitSqlStatements(sql).length, n));
});

describe('readOnlyStatement', () => {
  it('returns the one statement', () => assert.equal(readOnlyStatement(' SELECT 1 ; '), 'SELECT 1'));
  for (const sql of ['BEGIN', 'start transaction read write', 'COMMIT', 'end', 'ROLLBACK', 'abort', 'SAVEPOINT a', 'RELEASE a',
    "PREPARE TRANSACTION 'x'", 'SET x = 1', '/* c */ reset all', 'DISCARD ALL', "LOAD 'x'", 'SELECT 1; SELECT 2', '-- nothing']) {
    it(`refuses ${JSON.stringify(sql)} (exit 2)`, () => {
      assert.throws(() => readOnlyStatement(sql), (e: BraintrustError) => e.exitCode === 2 && e.code === 'STATEMENT_REFUSED');
    });
  }
  it('does not mistake words inside literals or identifiers for statements', () => {
    assert.equal(readOnlyStatement("SELECT 'SET x' AS \"BEGIN\""), "SELECT 'SET x' AS \"BEGIN\"");
    assert.equal(readOnlyStatement('SELECT * FROM settings'), 'SELECT * FROM settings');
    assert.equal(readOnlyStatement('(SELECT 1) UNION (SELECT 2)'), '(SELECT 1) UNION (SELECT 2)');
  });
});
