/**
 * vitest globalSetup: makes the certificates for the test SMTP servers with openssl, once per run,
 * in a temporary folder, and trusts the test CA the standard Node way: NODE_EXTRA_CA_CERTS. Node
 * reads that variable only when a process starts, so it is set here, in vitest's main process,
 * before the forked workers start; they inherit it. The product code has no switch to trust a
 * certificate (or to skip verification), so this is the only way the tests get a trusted server.
 *
 * Files (ARNIKA_TEST_TLS_DIR):
 *   ca.pem                          the test CA, trusted through NODE_EXTRA_CA_CERTS
 *   localhost.{pem,key}             signed by the CA, subjectAltName=DNS:localhost
 *   wrong-name.{pem,key}            signed by the CA, but for DNS:mail.wrong-name.test
 *   untrusted.{pem,key}             self-signed, DNS:localhost, in no trust store
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function leafSignedByCa(dir: string, name: string, dnsName: string): void {
  writeFileSync(
    join(dir, `${name}.ext`),
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${dnsName}\n`,
  );
  openssl(['req', '-new', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${dnsName}`], dir);
  openssl(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3',
      '-extfile', `${name}.ext`, '-out', `${name}.pem`],
    dir,
  );
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'arnika-test-tls-'));
  openssl(
    ['req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', '/CN=Arnika Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  leafSignedByCa(dir, 'localhost', 'localhost');
  leafSignedByCa(dir, 'wrong-name', 'mail.wrong-name.test');
  openssl(
    ['req', '-x509', ...ecKey, '-keyout', 'untrusted.key', '-out', 'untrusted.pem', '-days', '3', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost', '-addext', 'basicConstraints=critical,CA:FALSE'],
    dir,
  );

  // Keep whatever extra CAs the caller already trusted, and add ours.
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const bundle = join(dir, 'trusted-bundle.pem');
  const inherited = previous && existsSync(previous) ? `${readFileSync(previous, 'utf8').trim()}\n` : '';
  writeFileSync(bundle, inherited + readFileSync(join(dir, 'ca.pem'), 'utf8'));
  process.env.NODE_EXTRA_CA_CERTS = bundle;
  process.env.ARNIKA_TEST_TLS_DIR = dir;

  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = previous;
    delete process.env.ARNIKA_TEST_TLS_DIR;
  };
}
