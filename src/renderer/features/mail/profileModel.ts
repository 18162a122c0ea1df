/**
 * The send-profile form's values (everything as typed: the port as text, the password as typed)
 * and their conversion to the contract's MailProfileFields. main validates; the form only shapes.
 */
import type { MailProfile, MailProfileFieldsInput, MailSecurity } from '../../../shared/contract/mail.js';

export interface ProfileFormValues {
  email: string;
  senderName: string;
  name: string;
  host: string;
  port: string;
  security: MailSecurity;
  authMethod: 'password' | 'none';
  username: string;
  password: string;
  replyTo: string;
  bccSelf: boolean;
}

export const standardPorts: Record<MailSecurity, number> = { tls: 465, starttls: 587 };

export function emptyProfile(senderName: string): ProfileFormValues {
  return {
    email: '',
    senderName,
    name: '',
    host: '',
    port: '465',
    security: 'tls',
    authMethod: 'password',
    username: '',
    password: '',
    replyTo: '',
    bccSelf: false,
  };
}

export function fromProfile(p: MailProfile): ProfileFormValues {
  return {
    email: p.email,
    senderName: p.senderName,
    name: p.name,
    host: p.host,
    port: String(p.port),
    security: p.security,
    authMethod: p.authMethod,
    username: p.username,
    password: '',
    replyTo: p.replyTo,
    bccSelf: p.bccSelf,
  };
}

/** A port that is not a whole number goes out as NaN (null in JSON), which main refuses with v.mail_port. */
export function portNumber(port: string): number {
  const s = port.trim();
  return /^\d{1,5}$/.test(s) ? Number(s) : Number.NaN;
}

export function toProfileFields(v: ProfileFormValues): MailProfileFieldsInput {
  return {
    name: v.name,
    senderName: v.senderName,
    email: v.email,
    host: v.host,
    port: portNumber(v.port),
    security: v.security,
    authMethod: v.authMethod,
    username: v.authMethod === 'password' ? v.username : '',
    replyTo: v.replyTo,
    bccSelf: v.bccSelf,
  };
}

/**
 * The password to send: a typed one always; otherwise '' when the stored one is to be removed, or
 * undefined to keep (or, when testing a saved profile, to use) the stored one.
 */
export function passwordToSend(v: ProfileFormValues, clearStored: boolean): string | undefined {
  if (v.password !== '') return v.password;
  return clearStored ? '' : undefined;
}

/** "SSL/TLS" or "STARTTLS": technical names, the same in every language. */
export function securityName(security: 'tls' | 'starttls'): string {
  return security === 'tls' ? 'SSL/TLS' : 'STARTTLS';
}
