import { Injectable } from '@angular/core';

/**
 * A short two-tone chime made with WebAudio, so the console ships no audio file. The context
 * is created lazily and resumed on each use: browsers keep it suspended until a user gesture
 * happened on the page, and a chime that cannot play is simply skipped.
 */
@Injectable({ providedIn: 'root' })
export class Beep {
  private context: AudioContext | null = null;

  play(): void {
    const AudioContextClass = globalThis.AudioContext;
    if (!AudioContextClass) return;
    try {
      this.context ??= new AudioContextClass();
      const context = this.context;
      void context.resume().catch(() => undefined);
      const start = context.currentTime;
      for (const [offset, frequency] of [
        [0, 880],
        [0.14, 1320],
      ] as const) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        // A quick attack and exponential release: audible, never a click or a blare.
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.2);
      }
    } catch {
      // Audio is a nicety; never let it break the queue.
    }
  }
}
