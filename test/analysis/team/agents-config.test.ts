import { describe, expect, it } from 'vitest';
import { parseAgentsCsv, parseWorkDays } from '@/lib/analysis/team';
import { AppError } from '@/db/errors';

const HEADER = 'name,team,timezone,work_start,work_end,work_days';

function errorOf(text: string): AppError {
  try {
    parseAgentsCsv(text, 'agents.csv');
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseAgentsCsv to throw');
}

describe('parseWorkDays', () => {
  it('reads ranges, lists and wrapping ranges', () => {
    expect(parseWorkDays('Mon-Fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkDays('Mon,Tue,Thu')).toEqual([1, 2, 4]);
    expect(parseWorkDays('Sun-Thu')).toEqual([0, 1, 2, 3, 4]);
    expect(parseWorkDays('Fri-Mon')).toEqual([0, 1, 5, 6]);
    expect(parseWorkDays('monday, Wednesday')).toEqual([1, 3]);
    expect(parseWorkDays('Tues-Thurs')).toEqual([2, 3, 4]);
  });

  it('rejects what is not a day', () => {
    expect(() => parseWorkDays('Monkey')).toThrow(/Monkey/);
    expect(() => parseWorkDays('Mo-Fr')).toThrow();
    expect(() => parseWorkDays('Mon-Wed-Fri')).toThrow();
    expect(() => parseWorkDays(' , ')).toThrow(/no working day/);
  });
});

describe('parseAgentsCsv', () => {
  it('accepts good rows, with defaults for empty cells', () => {
    const text = `\uFEFF${HEADER}\r\nDana,Tier 1,Europe/Berlin,08:30,17:00,Mon-Fri\r\nOmar,Tier 2,Asia/Dubai,9:00,18:00,Sun-Thu\r\n\r\nNina,,,22:00,06:00,\r\nLee,Tier 1,,,,\r\n`;
    expect(parseAgentsCsv(text, 'agents.csv')).toEqual([
      { name: 'Dana', team: 'Tier 1', timeZone: 'Europe/Berlin', workStart: '08:30', workEnd: '17:00', workDays: [1, 2, 3, 4, 5] },
      { name: 'Omar', team: 'Tier 2', timeZone: 'Asia/Dubai', workStart: '09:00', workEnd: '18:00', workDays: [0, 1, 2, 3, 4] },
      { name: 'Nina', workStart: '22:00', workEnd: '06:00' },
      { name: 'Lee', team: 'Tier 1' },
    ]);
  });

  it('accepts a file with only some columns, in any order', () => {
    expect(parseAgentsCsv('Timezone,Name\nAmerica/New_York,Ava\n', 'a.csv')).toEqual([{ name: 'Ava', timeZone: 'America/New_York' }]);
  });

  it('names file, line and field for an unknown time zone', () => {
    const error = errorOf(`${HEADER}\nDana,Tier 1,Europe/Berlin,09:00,18:00,Mon-Fri\nOmar,Tier 1,Mars/Olympus,09:00,18:00,Mon-Fri\n`);
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toMatch(/^agents\.csv line 3, field "timezone": .*time zone.*Mars\/Olympus/);
  });

  it('rejects bad hours, bad days, empty names and duplicates with their line and field', () => {
    expect(errorOf(`${HEADER}\nDana,T,UTC,9am,18:00,Mon-Fri\n`).message).toMatch(/line 2, field "work_start": must be a time HH:MM/);
    expect(errorOf(`${HEADER}\nDana,T,UTC,09:00,25:00,Mon-Fri\n`).message).toMatch(/line 2, field "work_end"/);
    expect(errorOf(`${HEADER}\nDana,T,UTC,09:00,09:00,Mon-Fri\n`).message).toMatch(/line 2, field "work_end": equals work_start/);
    expect(errorOf(`${HEADER}\nDana,T,UTC,09:00,18:00,Mon-Fry\n`).message).toMatch(/line 2, field "work_days": "Mon-Fry"/);
    expect(errorOf(`${HEADER}\n,T,UTC,09:00,18:00,Mon-Fri\n`).message).toMatch(/line 2, field "name": is empty/);
    expect(errorOf(`${HEADER}\nDana,T,UTC,,,\nOmar,T,UTC,,,\ndana,T,UTC,,,\n`).message).toMatch(/line 4, field "name": duplicate of line 2/);
  });

  it('rejects unknown columns, a missing name column and broken CSV', () => {
    expect(errorOf('name,timezon\nDana,UTC\n').message).toMatch(/line 1, field "timezon": unknown column/);
    expect(errorOf('team,timezone\nT,UTC\n').message).toMatch(/field "name": missing column/);
    expect(errorOf(`${HEADER}\nDana,T,UTC,09:00,18:00\n`).message).toMatch(/^agents\.csv line 2: unreadable CSV/);
    expect(errorOf('').message).toMatch(/empty/);
  });
});
