import { describe, expect, it } from 'vitest';
import { readRussianDate } from './russian-dates.js';

describe('readRussianDate', () => {
  it('reads a day, a span of days and a month named in a title', () => {
    expect(readRussianDate('О независимости Финляндии. Доклад на заседании ВЦИК 22 декабря 1917 г.')).toEqual({ ok: true, value: '1917-12-22' });
    expect(readRussianDate('Выступления на IV конференции КП(б) Украины 17–23 марта 1920 г.')).toEqual({ ok: true, value: '1920-03-17/1920-03-23' });
    expect(readRussianDate('Отчет о причинах падения Перми в декабре 1918 года')).toEqual({ ok: true, value: '1918-12' });
  });

  it('gives no date for none, for two different dates, or for one that cannot exist', () => {
    expect(readRussianDate('Предисловие к сборнику, изданному в 1920 году').ok).toBe(false);
    expect(readRussianDate('Телеграммы 7 июня 1918 г. и 9 июля 1918 г.')).toEqual({ ok: false, error: 'names 2 dates (1918-06-07, 1918-07-09)' });
    expect(readRussianDate('Речь 31 июня 1918 г.').ok).toBe(false);
    // Digits glued to other text are not a day ("№122 декабря" is not the 122nd).
    expect(readRussianDate('Приказ №1 2 1918').ok).toBe(false);
  });
});
