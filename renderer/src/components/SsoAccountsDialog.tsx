import { useEffect, useState } from 'react';
import type { ConnectApi, MethodOutput } from '../../../preload/contract';
import { useTask } from '../hooks/useTask';
import { suggestedProfileName } from '../sign-in';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

type Account = MethodOutput<'listSsoAccounts'>['accounts'][number];
type Role = { accountId: string; roleName: string };
type Used = MethodOutput<'useSsoRole'>;

/** Saves one account and role as a named profile; an existing different profile is overwritten only when confirmed. */
function SaveAsProfile({ api, ssoSession, account, role, region, onDone }: { api: ConnectApi; ssoSession: string; account: Account; role: Role; region: string | null; onDone: () => void }) {
  const [name, setName] = useState(() => suggestedProfileName(ssoSession, account, role.roleName));
  const [saved, setSaved] = useState<MethodOutput<'saveSsoProfile'> | null>(null);
  const save = useTask((overwrite: boolean) =>
    api.saveSsoProfile({ name, ssoSession, accountId: role.accountId, roleName: role.roleName, ...(region ? { region } : {}), ...(overwrite ? { overwrite } : {}) }),
  );
  const exists = save.error?.code === 'InvalidInput' && /already|exists/i.test(save.error.message);
  const run = async (overwrite: boolean) => {
    const result = await save.run(overwrite);
    if (result) setSaved(result);
  };
  if (saved) {
    return (
      <div className="saved-profile" role="status">
        {saved.created ? 'Saved' : 'Updated'} profile <code>{saved.profile}</code> in <code>{saved.configFile}</code>.{' '}
        <button type="button" className="small" onClick={onDone}>
          Done
        </button>
      </div>
    );
  }
  return (
    <form
      className="save-profile"
      onSubmit={(event) => {
        event.preventDefault();
        void run(false);
      }}
    >
      <label className="field inline">
        <span>Profile name</span>
        <input value={name} onChange={(event) => (setName(event.target.value), save.clearError())} autoFocus spellCheck={false} />
      </label>
      <button type="submit" className="small primary" disabled={save.busy || !name}>
        Save
      </button>
      <button type="button" className="small ghost" onClick={onDone}>
        Cancel
      </button>
      <ErrorNote
        error={save.error}
        action={exists ? { label: `Overwrite ${name}`, run: () => void run(true) } : undefined}
        onDismiss={save.clearError}
      />
    </form>
  );
}

/** One account's roles, read when it is opened. */
function AccountRoles({ api, ssoSession, account, region, onUse, using }: { api: ConnectApi; ssoSession: string; account: Account; region: string | null; onUse: (role: Role) => void; using: boolean }) {
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const load = useTask(() => api.listSsoAccountRoles({ ssoSession, accountId: account.accountId }));
  useEffect(() => {
    void load.run().then((r) => r && setRoles(r.roles));
  }, [account.accountId]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="sso-roles">
      {load.busy && !roles ? <p className="dim">Listing roles…</p> : null}
      <ErrorNote error={load.error} context="Could not list the roles" />
      {roles && roles.length === 0 ? <p className="dim">No roles for you in this account.</p> : null}
      <ul aria-label={`Roles in ${account.accountName ?? account.accountId}`}>
        {roles?.map((role) => (
          <li key={role.roleName} className="sso-role" data-role={role.roleName}>
            <span className="mono">{role.roleName}</span>
            <span className="spacer" />
            <button type="button" className="small primary" disabled={using} onClick={() => onUse(role)}>
              Use
            </button>
            <button type="button" className="small" onClick={() => setSaving(role.roleName)}>
              Save as profile…
            </button>
            {saving === role.roleName ? (
              <SaveAsProfile api={api} ssoSession={ssoSession} account={account} role={role} region={region} onDone={() => setSaving(null)} />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Accounts and roles of a signed-in sso-session (ListAccounts, ListAccountRoles): "Use" makes
 * one the daemon's identity (useSsoRole), "Save as profile…" writes it to the AWS config file.
 */
export function SsoAccountsDialog({ api, ssoSession, region, onUsed, onClose }: { api: ConnectApi; ssoSession: string; region: string | null; onUsed: (used: Used) => void; onClose: () => void }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useTask(() => api.listSsoAccounts({ ssoSession }));
  const use = useTask((role: Role) => api.useSsoRole({ ssoSession, accountId: role.accountId, roleName: role.roleName, ...(region ? { region } : {}) }));
  useEffect(() => {
    void load.run().then((r) => {
      if (!r) return;
      setAccounts(r.accounts);
      if (r.accounts.length === 1) setOpen(r.accounts[0]!.accountId);
    });
  }, [ssoSession]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Dialog title={`Accounts and roles · ${ssoSession}`} onClose={onClose} labelledBy="sso-accounts-title">
      <div className="sso-accounts">
        {load.busy && !accounts ? <p className="dim">Listing accounts…</p> : null}
        <ErrorNote error={load.error} context="Could not list the accounts" />
        <ErrorNote error={use.error} context="Could not use the role" onDismiss={use.clearError} />
        {accounts && accounts.length === 0 ? <p className="dim">You have no accounts in this sso-session.</p> : null}
        <ul className="sso-account-list" aria-label="Accounts">
          {accounts?.map((account) => (
            <li key={account.accountId} className="sso-account" data-account={account.accountId}>
              <button type="button" className="sso-account-head" aria-expanded={open === account.accountId} onClick={() => setOpen(open === account.accountId ? null : account.accountId)}>
                <strong>{account.accountName ?? account.accountId}</strong> <span className="mono dim">{account.accountId}</span>
                {account.emailAddress ? <span className="dim small-text"> · {account.emailAddress}</span> : null}
              </button>
              {open === account.accountId ? (
                <AccountRoles
                  api={api}
                  ssoSession={ssoSession}
                  account={account}
                  region={region}
                  using={use.busy}
                  onUse={(role) =>
                    void use.run(role).then((used) => {
                      if (used) onUsed(used);
                    })
                  }
                />
              ) : null}
            </li>
          ))}
        </ul>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}
