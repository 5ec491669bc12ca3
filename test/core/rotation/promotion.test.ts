import { ValidationError } from '../../../lib/core/errors';
import { type KeyGeneration, checkPromotion } from '../../../lib/core/rotation/calendar';

const staging = (generation: string, issued: string): KeyGeneration => ({
  environment: 'staging',
  generation,
  issued,
});
const prod = (generation: string, issued: string): KeyGeneration => ({
  environment: 'prod',
  generation,
  issued,
  promotesAfter: 'staging',
});

describe('promotion check', () => {
  test('GIVEN prod took staging generation exactly leadDays later THEN there is no problem', () => {
    expect(checkPromotion([staging('2026-q4', '2026-10-01'), prod('2026-q4', '2026-10-08')])).toEqual([]);
  });

  test('GIVEN prod took staging generation too soon THEN the problem says until when staging must carry it', () => {
    expect(checkPromotion([staging('2026-q4', '2026-10-01'), prod('2026-q4', '2026-10-03')])).toEqual([
      {
        environment: 'prod',
        message:
          'prod moved to key generation 2026-q4 on 2026-10-03, but staging only carried it since 2026-10-01; ' +
          'staging must carry it 7 days first (until 2026-10-08), so move prod on or after 2026-10-08',
      },
    ]);
  });

  test('GIVEN prod took a generation before staging did THEN it is a problem', () => {
    const problems = checkPromotion([staging('2026-q4', '2026-10-05'), prod('2026-q4', '2026-10-03')]);

    expect(problems.map((p) => p.environment)).toEqual(['prod']);
  });

  test('GIVEN prod runs a generation staging never ran THEN the problem tells how to catch up', () => {
    expect(checkPromotion([staging('2026-q3', '2026-07-01'), prod('hotfix', '2026-07-20')])).toEqual([
      {
        environment: 'prod',
        message:
          'prod runs key generation hotfix (since 2026-07-20), which staging never carried; ' +
          "staging must carry a generation 7 days first: move prod to staging's generation 2026-q3 on or after 2026-07-08",
      },
    ]);
  });

  test('GIVEN staging moved on and no history THEN prod on its older generation is mid-wave, not a problem', () => {
    expect(checkPromotion([staging('2026-q4', '2026-10-01'), prod('2026-q3', '2026-07-08')])).toEqual([]);
  });

  test('GIVEN history showing staging carried prod generation long enough THEN there is no problem', () => {
    const history = [{ environment: 'staging', generation: '2026-q3', issued: '2026-07-01' }];

    expect(
      checkPromotion([staging('2026-q4', '2026-10-01'), prod('2026-q3', '2026-07-08')], history),
    ).toEqual([]);
  });

  test('GIVEN history in which staging never carried prod generation THEN it is a problem', () => {
    const history = [{ environment: 'staging', generation: '2026-q3', issued: '2026-07-01' }];
    const problems = checkPromotion([staging('2026-q4', '2026-10-01'), prod('other', '2026-07-08')], history);

    expect(problems).toEqual([
      { environment: 'prod', message: expect.stringContaining('which staging never carried') },
    ]);
  });

  test('GIVEN history in which staging dropped the generation within the lead THEN the short stint is reported', () => {
    const history = [{ environment: 'staging', generation: '2026-q3', issued: '2026-07-01' }];
    const problems = checkPromotion(
      [staging('2026-q3b', '2026-07-04'), prod('2026-q3', '2026-07-10')],
      history,
    );

    expect(problems).toEqual([
      {
        environment: 'prod',
        message:
          'prod moved to key generation 2026-q3 on 2026-07-10, but staging carried it only from 2026-07-01 to ' +
          "2026-07-04 (3 days); staging must carry a generation 7 days first: move prod to staging's generation " +
          '2026-q3b on or after 2026-07-11',
      },
    ]);
  });

  test('GIVEN environments without promotesAfter THEN nothing is checked', () => {
    expect(
      checkPromotion([staging('a', '2026-10-01'), { ...prod('b', '2026-10-02'), promotesAfter: undefined }]),
    ).toEqual([]);
  });

  test('GIVEN a history entry with an impossible date THEN the entry is named', () => {
    const check = () =>
      checkPromotion(
        [staging('g2', '2026-10-01')],
        [{ environment: 'staging', generation: 'g1', issued: '2026-06-31' }],
      );

    expect(check).toThrow(ValidationError);
    expect(check).toThrow(
      /^history\[0\]\.issued: expected a real calendar date YYYY-MM-DD, got "2026-06-31"$/,
    );
  });
});
