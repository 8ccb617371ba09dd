// Where the API and Cognito are: read once at run time from /config.json (written by the stack that
// serves the app), never built in.

let loaded = null;

export function config() {
  if (!loaded) {
    loaded = fetch('/config.json', { cache: 'no-store' }).then((response) => {
      if (!response.ok) throw new Error(`config.json answered ${response.status}`);
      return response.json();
    }).catch((error) => {
      loaded = null;
      throw error;
    });
  }
  return loaded;
}
