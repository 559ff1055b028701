import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './api/connect';
import './styles.css';

const connection = connect();
const root = createRoot(document.getElementById('root')!);

root.render(
  <StrictMode>
    {connection.kind === 'no-token' ? (
      <div className="app">
        <div className="placeholder">
          <h2>Open the link from your terminal</h2>
          <p>
            This page needs the one-time link that <code>gamelift-connect web</code> printed (it carries the access token). Run it again to get a
            fresh link.
          </p>
        </div>
      </div>
    ) : (
      <App api={connection.api} onLinkState={connection.onLinkState} />
    )}
  </StrictMode>,
);
