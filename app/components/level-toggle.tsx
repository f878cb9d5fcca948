import Link from 'next/link';

export type Level = 'theme' | 'topic';

/** Reads `?level=`: `fallback` when absent or not a level. */
export function parseLevel(value: string | undefined, fallback: Level): Level {
  return value === 'theme' || value === 'topic' ? value : fallback;
}

/** Themes / topics switch, kept in the URL (`?level=`) like the filters. */
export function LevelToggle({ current, hrefFor, label = 'Level' }: { current: Level; hrefFor: (level: Level) => string; label?: string }) {
  return (
    <div className="toggle" role="group" aria-label={label}>
      {(['theme', 'topic'] as const).map((level) => (
        <Link key={level} href={hrefFor(level)} aria-current={level === current ? 'true' : undefined} className={level === current ? 'active' : undefined} data-testid={`level-${level}`}>
          {level === 'theme' ? 'Themes' : 'Topics'}
        </Link>
      ))}
    </div>
  );
}
