// Channel names: one private Pusher channel per session.
export const channelFor = (sessionId: string) => `private-session-${sessionId}`;

export function sessionIdFromChannel(channel: string): string | null {
  const match = /^private-session-([A-Za-z0-9_-]{1,100})$/.exec(channel);
  return match ? match[1] : null;
}
