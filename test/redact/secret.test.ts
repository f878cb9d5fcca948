import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { looksRandom } from '@/lib/redact/high-entropy';
import { redactSecrets } from '@/lib/redact/secret';

const redact = (text: string) => redactSecrets(text).text;

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('redactSecrets: known token formats', () => {
  it.each([
    ['Stripe live key', 'sk_live_51FAKEexampleKEYfor0TESTS0only'],
    ['Stripe test key', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'],
    ['Stripe webhook secret', 'whsec_abcdefghijklmnopqrstuvwx1234'],
    ['GitHub token', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['GitHub fine-grained token', 'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJ'],
    ['Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['Google API key', 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe'],
    ['OpenAI key', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'],
    ['GitLab token', 'glpat-xxxxXXXX1234yyyyZZZZ'],
    ['JWT', JWT],
  ])('redacts a %s', (_, token) => {
    expect(redact(`use ${token} here`)).toBe('use [secret] here');
  });

  it('redacts a PEM private key block, even a truncated one', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----';
    expect(redact(`key:\n${pem}\nthanks`)).toBe('key:\n[secret]\nthanks');
    expect(redact('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN')).toBe('[secret]');
  });

  it('keeps words that merely contain a prefix', () => {
    for (const text of ['task-manager sk-learn version', 'ghp_ alone', 'AKIA is a prefix', 'risk_live_feed']) {
      expect(redactSecrets(text)).toEqual({ text, count: 0 });
    }
  });
});

describe('redactSecrets: authorization and assignments', () => {
  it.each([
    ['Authorization: Bearer abc.def-123_XYZ', 'Authorization: Bearer [secret]'],
    ['authorization: Basic dXNlcjpwYXNzd29yZA==', 'authorization: Basic [secret]'],
    ['-H "Authorization: token 0123456789abcdef"', '-H "Authorization: token [secret]"'],
    ['sent Bearer abcdefgh12345678 in the header', 'sent Bearer [secret] in the header'],
    ['password=hunter2', 'password=[secret]'],
    ['DB_PASSWORD: "correct horse battery"', 'DB_PASSWORD: "[secret]"'],
    ["{'passwd': 'tr0ub4dor'}", "{'passwd': '[secret]'}"],
    ['api_key: abc123def456ghi', 'api_key: [secret]'],
    ['X-Api-Key: 9f8e7d6c5b4a', 'X-Api-Key: [secret]'],
    ['"client_secret": "s3cr3tvalue99"', '"client_secret": "[secret]"'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = [secret]'],
    ['access_token=ya29.a0AfH6SMB1234&x=1', 'access_token=[secret]&x=1'],
    ['my password is hunter2.', 'my password is [secret].'],
    ['Password: sunshine', 'Password: [secret]'],
  ])('redacts the value in %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'invalid token: expired',
    'the password is incorrect',
    'the password is working again',
    'I forgot my password: can you help?',
    'A Bearer token is required',
    'token_type: Bearer',
    'secret: yes',
    'Password: [secret]',
  ])('keeps the prose %j', (text) => {
    expect(redactSecrets(text)).toEqual({ text, count: 0 });
  });

  it('counts a JWT in an Authorization header once', () => {
    expect(redactSecrets(`Authorization: Bearer ${JWT}`)).toEqual({ text: 'Authorization: Bearer [secret]', count: 1 });
  });
});

describe('redactSecrets: long random strings', () => {
  it('redacts random base64, base64url and hex of 32+ characters', () => {
    expect(redact('sig 6Xrg9thLiZXffBM9rbSCRgBqwTxdLAzm6OzWk9qYJz1kGex3TVfdiMtqJ+G4vaYCyjkqL8cteKI/NuPBQu5A0Q== end')).toBe('sig [secret] end');
    expect(redact('session=V06OzeE7j221Tq7keSGj8bveCYyJFIcf')).toBe('session=[secret]');
    expect(redact('id 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('id [secret]');
    expect(redact('commit 81da221c757bef9ec35cd190f14b2f872324c661')).toBe('commit [secret]');
  });

  it('replaces only the random segment of a URL path', () => {
    expect(redact('https://docs.google.com/presentation/d/1iChpCz_qf-LXiPyvotpOGiZ31yEUyxAdU4RhWMKo0c0/edit')).toBe(
      'https://docs.google.com/presentation/d/[secret]/edit',
    );
  });

  it.each([
    'uuid 123e4567-e89b-12d3-a456-426614174000',
    'file part-00012-32dbfb10-b43c-4066-a70e-d3575ea530d5-c000.snappy.parquet',
    'TestDFSStripedOutputStreamWithFailure10 ITestAzureBlobFileSystemE2EScale',
    'container_e02_1713455139547_0111_01_000004 attempt_20200327073907_0001_m_000000_1',
    'internationalization_and_localization_of_everything',
    '/usr/lib/hadoop/share/hadoop/common/lib/commons-io-2.4.jar',
    'https://github.com/apache/hadoop-common-project/hadoop-common/src/main/java/org/apache/hadoop/fs/FileSystem.java',
    'HADOOP_OPTS_FOR_YARN_RESOURCEMANAGER_V2_TEST',
    '--------------------------------------------',
  ])('keeps %j', (text) => {
    expect(redactSecrets(text)).toEqual({ text, count: 0 });
  });

  it('catches at least 95% of random 32-char and 98% of 40-char keys', () => {
    for (const [length, minimum] of [
      [32, 0.95],
      [40, 0.98],
    ] as const) {
      let caught = 0;
      for (let i = 0; i < 2000; i++) {
        if (looksRandom(randomBytes(length).toString(i % 2 ? 'base64' : 'base64url').slice(0, length))) caught++;
      }
      expect(caught / 2000).toBeGreaterThanOrEqual(minimum);
    }
  });
});
