/** What the Sign out button asks when messages have not been sent yet (they are discarded with the session). */
export function unsentQuestion(count: number): string {
  const what = count === 1 ? '1 message has' : `${count} messages have`;
  return `${what} not been sent yet. Sign out and discard ${count === 1 ? 'it' : 'them'}?`;
}
