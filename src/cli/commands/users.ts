import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { CASE_ROLES, isCaseRole, type CaseRole } from '../../access/schema.ts';
import {
  createToken,
  createUser,
  findUserByUsername,
  grantRole,
  randomSecret,
  setPassword,
} from '../../store/users.ts';
import { assertCase, common, out, outJson, withStore, type CommonOptions } from '../context.ts';

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function checkRole(role: string): CaseRole {
  if (!isCaseRole(role)) {
    throw new ChokepointError('CP_BAD_OPTION', `unknown role "${role}"`, {
      field: 'role',
      expected: CASE_ROLES.join(', '),
    });
  }
  return role;
}

export function register(program: Command): void {
  const user = program
    .command('user')
    .description('users of the API and web app, their cases and tokens');

  common(
    user
      .command('add <username>')
      .description(
        'create a user (the first one is usually --admin); prints a generated password unless --password-stdin',
      )
      .option('--admin', 'a global administrator (manages users, reads the audit log)')
      .option('--password-stdin', 'read the password from standard input')
      .option('--role <role>', `grant this role on --case (${CASE_ROLES.join(', ')})`),
  ).action(
    async (
      username: string,
      opts: CommonOptions & { admin?: boolean; passwordStdin?: boolean; role?: string },
    ) => {
      const role = opts.role ? checkRole(opts.role) : undefined;
      const password = opts.passwordStdin ? await readStdinLine() : randomSecret().slice(0, 20);
      await withStore(opts, async (store) => {
        if (role) await assertCase(store, opts.case!);
        const u = await createUser(store.db, { username, password, isAdmin: Boolean(opts.admin) });
        if (role) await grantRole(store.db, u.id, opts.case!, role);
        const result = {
          id: u.id,
          username: u.username,
          is_admin: u.is_admin,
          ...(role ? { case: opts.case, role } : {}),
          ...(opts.passwordStdin ? {} : { password }),
        };
        if (opts.json) return outJson(result);
        out(
          `created ${u.is_admin ? 'admin ' : ''}user ${u.username} (${u.id})` +
            (role ? `, ${role} on case ${opts.case}` : '') +
            (opts.passwordStdin ? '' : `\npassword: ${password}`),
        );
      });
    },
  );

  common(
    user
      .command('grant <username> <case> <role>')
      .description(`grant (or change) a user's role on a case: ${CASE_ROLES.join(', ')}`),
  ).action(async (username: string, caseId: string, role: string, opts: CommonOptions) => {
    const r = checkRole(role);
    await withStore(opts, async (store) => {
      await assertCase(store, caseId);
      const u = await findUserByUsername(store.db, username);
      if (!u)
        throw new ChokepointError('CP_NOT_FOUND', `no user "${username}"`, { field: 'username' });
      await grantRole(store.db, u.id, caseId, r);
      if (opts.json) return outJson({ user_id: u.id, username, case: caseId, role: r });
      out(`${username} is now ${r} on case ${caseId}`);
    });
  });

  common(
    user
      .command('password <username>')
      .description(
        "change a user's password (the same rule as user add: not common, repeated or guessable); prints a generated one unless --password-stdin",
      )
      .option('--password-stdin', 'read the new password from standard input'),
  ).action(async (username: string, opts: CommonOptions & { passwordStdin?: boolean }) => {
    const password = opts.passwordStdin ? await readStdinLine() : randomSecret().slice(0, 20);
    await withStore(opts, async (store) => {
      const u = await findUserByUsername(store.db, username);
      if (!u)
        throw new ChokepointError('CP_NOT_FOUND', `no user "${username}"`, { field: 'username' });
      await setPassword(store.db, u.id, password);
      const result = {
        id: u.id,
        username: u.username,
        ...(opts.passwordStdin ? {} : { password }),
      };
      if (opts.json) return outJson(result);
      out(
        `password of ${u.username} changed` + (opts.passwordStdin ? '' : `\npassword: ${password}`),
      );
    });
  });

  common(
    user
      .command('token <username>')
      .description('issue a bearer API token for scripts (printed once; only its hash is kept)')
      .option('--name <name>', 'what the token is for', 'cli'),
  ).action(async (username: string, opts: CommonOptions & { name: string }) => {
    await withStore(opts, async (store) => {
      const u = await findUserByUsername(store.db, username);
      if (!u)
        throw new ChokepointError('CP_NOT_FOUND', `no user "${username}"`, { field: 'username' });
      const t = await createToken(store.db, u.id, opts.name);
      if (opts.json) return outJson({ id: t.id, token: t.token, username });
      out(t.token);
    });
  });
}
