/** The scikit-learn peer of both benchmarks: Debian's python3-sklearn, run by the system Python. */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';
export const SKLEARN_INSTALL_HINT = 'apt-get install -y python3-sklearn';

export function pythonHasSklearn(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;
}
