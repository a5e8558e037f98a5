import { strict as assert } from 'node:assert';
import { parseTitleMarkers } from '../../../src/core/title-tags';

describe('title tags [small]', () => {
  it('reads a size tag anywhere in a title, in any case', () => {
    assert.equal(parseTitleMarkers('UserApi [small]').size, 'small');
    assert.equal(parseTitleMarkers('[MEDIUM] talks to the db').size, 'medium');
    assert.equal(parseTitleMarkers('renders [Large] pages').size, 'large');
    assert.equal(parseTitleMarkers('soak [xlarge]').size, 'xlarge');
  });

  it('finds no size in a title without one', () => {
    assert.deepEqual(parseTitleMarkers('plain title'), { problems: [] });
    assert.deepEqual(parseTitleMarkers('handles [] and [ ]'), { problems: [] });
  });

  it('leaves ordinary bracketed words alone', () => {
    for (const title of ['[regression] #123', 'works [slow]', '[all] cases', '[stage] env', '[wip]', '[smoke]']) {
      assert.deepEqual(parseTitleMarkers(title).problems, [], title);
    }
  });

  it('reports near-misses with the size they were probably meant to be', () => {
    assert.deepEqual(parseTitleMarkers('a [smal] test').problems, ['unknown size tag [smal]: did you mean [small]?']);
    assert.deepEqual(parseTitleMarkers('a [meduim] test').problems, ['unknown size tag [meduim]: did you mean [medium]?']);
    assert.deepEqual(parseTitleMarkers('a [Large ] test').problems, ['unknown size tag [Large ]: did you mean [large]?']);
    assert.deepEqual(parseTitleMarkers('a [x-large] test').problems, ['unknown size tag [x-large]: did you mean [xlarge]?']);
    assert.deepEqual(parseTitleMarkers('a [smalll] test').problems, ['unknown size tag [smalll]: did you mean [small]?']);
  });

  it('reports two different sizes on one title and resolves neither', () => {
    const markers = parseTitleMarkers('[small] and [large]');
    assert.equal(markers.size, undefined);
    assert.deepEqual(markers.problems, ['two different sizes on one title: [small] and [large]; keep one']);
  });

  it('accepts the same size twice', () => {
    assert.deepEqual(parseTitleMarkers('[small] really [SMALL]'), { size: 'small', problems: [] });
  });

  it('reports tags written with look-alike brackets or characters, naming the plain tag', () => {
    const lookAlike = (tag: string, size: string): string => `size tag ${tag} is written with look-alike characters: write [${size}]`;
    assert.deepEqual(parseTitleMarkers('Api ［small］').problems, [lookAlike('［small］', 'small')]);
    assert.deepEqual(parseTitleMarkers('Api {small}').problems, [lookAlike('{small}', 'small')]);
    assert.deepEqual(parseTitleMarkers('Api [smaII]').problems, [lookAlike('[smaII]', 'small')]);
    assert.deepEqual(parseTitleMarkers('Api [ｍｅｄｉｕｍ]').problems, [lookAlike('[ｍｅｄｉｕｍ]', 'medium')]);
    assert.deepEqual(parseTitleMarkers('Api 【Large】').problems, [lookAlike('【Large】', 'large')]);
    assert.deepEqual(parseTitleMarkers('Api [x1arge]').problems, [lookAlike('[x1arge]', 'xlarge')]);
    assert.deepEqual(parseTitleMarkers('Api [sm\u0430ll]').problems, [lookAlike('[sm\u0430ll]', 'small')], 'Cyrillic a');
    assert.deepEqual(parseTitleMarkers('Api {smal}').problems, [lookAlike('{smal}', 'small')]);
    assert.equal(parseTitleMarkers('Api {small}').size, undefined, 'a look-alike never sizes a test');
  });

  it('leaves ordinary words alone in any brackets: look-alikes are not a wider typo distance', () => {
    for (const title of [
      '[smart]',
      '{smart}',
      '[Smile]',
      '[LIMIT]',
      '[Image]',
      '{regression}',
      '(small) input',
      '<small> tag',
      '{s}',
      '[1]',
    ]) {
      assert.deepEqual(parseTitleMarkers(title).problems, [], title);
    }
    assert.deepEqual(parseTitleMarkers('[MEDIUM] and [XLARGE]').problems, [
      'two different sizes on one title: [medium] and [xlarge]; keep one',
    ]);
  });
});
