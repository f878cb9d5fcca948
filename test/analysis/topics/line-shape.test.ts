import { describe, expect, it } from 'vitest';
import { cleanTicketText } from '@/lib/analysis/topics/clean';
import { classifyLine, shortenIdentifiers, stripMachineLines } from '@/lib/analysis/topics/line-shape';
import { tokenizeWords } from '@/lib/analysis/topics/text';

describe('classifyLine', () => {
  it('recognises what only machines write', () => {
    for (const line of [
      '2019-03-01 12:00:00,123 ERROR [main] Failed to start the server',
      '[INFO] Apache Hadoop Main ................................. SUCCESS [  1.394 s]',
      '\tat org.apache.hadoop.ipc.Client.call(Client.java:1476)',
      'Caused by: java.io.IOException: Connection refused',
      'Traceback (most recent call last):',
      '$ hadoop fs -ls /user/foo',
      '| name | value | description |',
      '+------+-------+',
      'SELECT id, name FROM users WHERE id = 4;',
      '  `id` int(11) NOT NULL AUTO_INCREMENT,',
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8;',
      'sda               0.00    12.00    1.00   20.00    16.00   128.00',
    ]) {
      expect(classifyLine(line), line).toBe('machine');
    }
  });

  it('keeps prose, with product names, codes, numbers and shouting', () => {
    for (const line of [
      'My card was charged twice for the subscription.',
      'NameNode fails with NullPointerException when DataNode restarts',
      'API rate limit exceeded (429 Too Many Requests)',
      'The export to CSV (the big one) fails with HTTP 429.',
      'Import error on row 2398, the iPhone 13 app shows nothing',
      'THE APP KEEPS CRASHING EVERYTHING BROKEN SINCE UPGRADE',
      'Top-up failed, please help!',
      '@AppleSupport @AppleMusic my library is gone',
    ]) {
      expect(classifyLine(line), line).toBe('prose');
    }
    expect(classifyLine('   ')).toBe('blank');
  });
});

describe('stripMachineLines', () => {
  it('drops a pasted table definition as one block, half-prose lines inside it included', () => {
    const text = [
      'Backups fail since the upgrade, this table breaks them:',
      'CREATE TABLE `orders` (',
      '  `id` int(11) NOT NULL AUTO_INCREMENT,',
      '  PRIMARY KEY (`id`),',
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8;',
      '',
      'The nightly backup job stops at this table.',
    ].join('\n');
    const kept = stripMachineLines(text);
    expect(kept).toContain('Backups fail since the upgrade');
    expect(kept).toContain('The nightly backup job stops at this table.');
    expect(kept).not.toMatch(/PRIMARY|ENGINE|NOT NULL|AUTO_INCREMENT/);
  });

  it('drops stack traces and log lines but keeps the sentence that explains them', () => {
    const text = 'The job crashes on start.\n2024-01-31 10:00:01 ERROR Worker died\n\tat com.acme.Worker.run(Worker.java:42)\n\tat java.lang.Thread.run(Thread.java:750)';
    expect(tokenizeWords(text)).toEqual(['job', 'crashes', 'start']);
  });

  it('returns plain prose untouched', () => {
    const text = 'Sync is stuck since Monday.\nThe mobile app shows an old list.';
    expect(stripMachineLines(text)).toBe(text);
  });
});

describe('shortenIdentifiers', () => {
  it('keeps the last part of paths and qualified class names, not their directories and packages', () => {
    expect(shortenIdentifiers('When I run /usr/sbin/mysqld it stops')).toBe('When I run  mysqld it stops');
    expect(shortenIdentifiers('org.apache.hadoop.fs.FileSystem leaks')).toBe(' FileSystem leaks');
    expect(shortenIdentifiers('set fs.s3a.endpoint and Ti.UI')).toBe('set fs.s3a.endpoint and Ti.UI');
  });

  it('is part of the standard cleaning, so labels never read "usr sbin"', () => {
    expect(tokenizeWords(cleanTicketText('Crash in /usr/sbin/mysqld after restart'))).toEqual(['crash', 'mysqld', 'restart']);
  });
});
