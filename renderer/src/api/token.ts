// Web mode: the daemon's token arrives once in the URL fragment (#token=…), which never reaches a
// server or a log. Take it out of the address bar at once (history, screenshots, shoulder-surfing)
// and keep it for this tab only, so a reload still works.
const KEY = 'gamelift-connect.token';

export interface WebLaunch {
  token: string | null;
  /** Optional `api=<port>`: the daemon's local API when it is not the page's own origin. */
  apiPort: number | null;
}

export function takeLaunchParams(): WebLaunch {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash);
    const port = params.get('api');
    if (port) sessionStorage.setItem(`${KEY}.api`, port);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const port = Number(sessionStorage.getItem(`${KEY}.api`) ?? '');
  return {
    token: sessionStorage.getItem(KEY),
    apiPort: Number.isInteger(port) && port > 0 && port < 65536 ? port : null,
  };
}
