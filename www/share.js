// Sharing: the script, KEYS and ARGV travel in the URL's hash (`#script=...&keys=...&args=...`)
// so that a link opens the playground with them.

export function shareHash({ script, keys, args }) {
  return `#${new URLSearchParams({ script, keys, args })}`;
}

// What a hash holds, or null when it holds no script.
export function readShared(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const script = params.get('script');
  if (script === null) return null;
  return { script, keys: params.get('keys') ?? '', args: params.get('args') ?? '' };
}
