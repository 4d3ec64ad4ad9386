/**
 * My read cursor in one conversation, on its way to the server: what I have
 * read (wanted) and what the server acked (sent). A receipt counts as sent only
 * once acked, so one lost with the link goes again.
 */

/** Sends `message:read` up to `seq`; resolves true once the server acked it. */
export type SendReceipt = (seq: number) => Promise<boolean>;

export class ReadReceipts {
  readonly #send: SendReceipt;
  readonly #canSend: () => boolean;
  #wanted = 0;
  #sent = 0;

  constructor(send: SendReceipt, canSend: () => boolean) {
    this.#send = send;
    this.#canSend = canSend;
  }

  /** Marks read up to `seq`; false (nothing to do) when that is not past what was already marked. */
  want(seq: number): boolean {
    if (seq <= this.#wanted) return false;
    this.#wanted = seq;
    return true;
  }

  /** The server's cursor for my side (from a join): a receipt it never got is sent again on the next flush. */
  serverHas(seq: number): void {
    this.#sent = Math.min(this.#sent, seq);
  }

  /** The server's history was reset (conversation.ts): what was marked refers to seqs it will number again. */
  forget(): void {
    this.#wanted = 0;
    this.#sent = 0;
  }

  /** Sends what is marked but not yet acked, when there is a link. */
  flush(): void {
    if (this.#wanted <= this.#sent || !this.#canSend()) return;
    const previous = this.#sent;
    const seq = this.#wanted;
    this.#sent = seq;
    void this.#send(seq).then((acked) => {
      // A newer receipt went out meanwhile: its own outcome decides.
      if (acked || this.#sent !== seq) return;
      this.#sent = previous;
    });
  }
}
