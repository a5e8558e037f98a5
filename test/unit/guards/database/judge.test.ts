import { strict as assert } from 'node:assert';
import { pathToFileURL } from 'node:url';
import { describeSqliteLocation } from '../../../../src/guards/database/judge';

describe('describeSqliteLocation [small]', () => {
  it('names a file relative to the project, and outside it as given', () => {
    assert.equal(describeSqliteLocation('/app/test/fixtures/app.db', '/app'), 'sqlite file test/fixtures/app.db');
    assert.equal(describeSqliteLocation('test/app.db', '/app'), 'sqlite file test/app.db');
    assert.equal(describeSqliteLocation('/var/data/app.db', '/app'), 'sqlite file /var/data/app.db');
    assert.equal(describeSqliteLocation(pathToFileURL('/app/db/app.db'), '/app'), 'sqlite file db/app.db');
    assert.equal(describeSqliteLocation(Buffer.from('/app/x.db'), '/app'), 'sqlite file x.db');
  });

  it('names in-memory and temporary databases as such', () => {
    assert.equal(describeSqliteLocation(':memory:', '/app'), 'sqlite :memory:');
    assert.equal(describeSqliteLocation('file:shared?mode=memory&cache=shared', '/app'), 'sqlite file:shared?mode=memory&cache=shared');
    assert.equal(describeSqliteLocation('', '/app'), 'sqlite temporary database');
    assert.equal(describeSqliteLocation(undefined, '/app'), 'sqlite (no location given)');
  });
});
