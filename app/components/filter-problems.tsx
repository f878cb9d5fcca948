/** Filter parameters that were ignored, said at the top of the page instead of failing it. */
export function FilterProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="notice warn" role="alert">
      <strong>Some filters in the address were ignored:</strong>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
