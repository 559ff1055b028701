// Web mode: the daemon's token arrives once in the URL fragment (#token=…), which never reaches a
// server or a log. Take it out of the address bar at once (history, screenshots, shoulder-surfing)
// and keep it for this tab only, so a reload still works.
const KEY = 'gamelift-connect.token';

export function takeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY);
}
