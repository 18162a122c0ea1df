/**
 * The test certificates, made with openssl in a temporary folder: a test CA, a server certificate
 * for "localhost" signed by it, one for the wrong name, and a self-signed one in no trust store.
 * Shared by vitest's globalSetup (tlsGlobalSetup.ts) and the Playwright mail spec, which hands the
 * CA to the app it starts through NODE_EXTRA_CA_CERTS (Node reads that only at process start).
 *
 * Files:
 *   ca.pem                          the test CA
 *   localhost.{pem,key}             signed by the CA, subjectAltName=DNS:localhost
 *   wrong-name.{pem,key}            signed by the CA, but for DNS:mail.wrong-name.test
 *   untrusted.{pem,key}             self-signed, DNS:localhost, in no trust store
 *   trusted-bundle.pem              what NODE_EXTRA_CA_CERTS should name: any CAs trusted before, plus ca.pem
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

export interface TestCa {
  /** The folder with the files above (what ARNIKA_TEST_TLS_DIR names). */
  dir: string;
  /** The file for NODE_EXTRA_CA_CERTS. */
  bundle: string;
  remove(): void;
}

/** Makes the certificates; `inheritedCaFile` (an earlier NODE_EXTRA_CA_CERTS) stays trusted in the bundle. */
export function makeTestCa(inheritedCaFile?: string): TestCa {
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
  const bundle = join(dir, 'trusted-bundle.pem');
  const inherited = inheritedCaFile && existsSync(inheritedCaFile) ? `${readFileSync(inheritedCaFile, 'utf8').trim()}\n` : '';
  writeFileSync(bundle, inherited + readFileSync(join(dir, 'ca.pem'), 'utf8'));
  return { dir, bundle, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
