/**
 * The configuration files in deploy/ stay valid for the tools that read
 * them: the systemd unit (systemd-analyze verify), haproxy's router
 * (haproxy -c) and Patroni's configuration (patroni --validate-config).
 * Each check is skipped, with a message, where its tool is not installed;
 * none needs a running service.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');
const found = (tool: string) => ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(join(d, tool)));
/** An address of this machine other than loopback (Patroni refuses loopback as a connect address). */
const OWN_ADDRESS = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Runs `tool`, returning its exit status and everything it printed. */
async function check(tool: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(tool, args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function scratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-deploy-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('deploy/ configuration files', () => {
  it.skipIf(!found('systemd-analyze'))('the web process unit passes systemd-analyze verify', async () => {
    await scratch(async (dir) => {
      // An instance of the template, with this machine's node (verify checks that the command exists).
      const unit = readFileSync(join(DEPLOY, 'systemd', 'dossier@.service'), 'utf8').replace('/usr/bin/node', process.execPath);
      writeFileSync(join(dir, 'dossier@3001.service'), unit);
      const { code, output } = await check('systemd-analyze', ['verify', join(dir, 'dossier@3001.service')]);
      expect(output).toBe('');
      expect(code).toBe(0);
    });
  });

  it.skipIf(!found('haproxy'))('the router to Patroni’s leader passes haproxy -c', async () => {
    const { code, output } = await check('haproxy', ['-c', '-f', join(DEPLOY, 'patroni', 'haproxy.cfg')]);
    expect(output).toContain('Configuration file is valid');
    expect(code).toBe(0);
  });

  it.skipIf(!found('patroni') || !OWN_ADDRESS)('the Patroni configuration passes patroni --validate-config', async () => {
    // The validator binds the listen addresses, so the example's are swapped for one this machine has.
    const own = OWN_ADDRESS!;
    await scratch(async (dir) => {
      const config = readFileSync(join(DEPLOY, 'patroni', 'patroni.yml'), 'utf8')
        .replaceAll('10.0.0.11:8008', `${own}:0`).replaceAll('10.0.0.11:5432', `${own}:0`);
      writeFileSync(join(dir, 'patroni.yml'), config);
      const { code, output } = await check('patroni', ['--validate-config', join(dir, 'patroni.yml')]);
      expect(output).toBe('');
      expect(code).toBe(0);
    });
  });
});
