// Placeholder replaced by the analysis pipeline (topics, findings, team load).
export async function runAnalyze(_options: Record<string, never>): Promise<void> {}
export async function analyzeCommand(_argv: string[]): Promise<number> {
  return 0;
}
