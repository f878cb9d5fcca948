/**
 * Filter parameters that were ignored (malformed) or name nothing stored (a topic id that does not
 * exist), each sentence saying which, at the top of the page instead of failing it; and the dates
 * actually shown when those asked for reach past the data.
 */
export function FilterProblems({ problems, notice = null }: { problems: string[]; notice?: string | null }) {
  return (
    <>
      {problems.length > 0 && (
        <div className="notice warn" role="alert">
          <strong>Check the filters in the address:</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="range-notice">
          {notice}
        </p>
      )}
    </>
  );
}
